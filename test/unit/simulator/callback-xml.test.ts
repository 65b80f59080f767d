import { XMLParser } from 'fast-xml-parser';
import { callbackXml } from '../../../src/simulator/callback-xml';

describe('callbackXml', () => {
  it('writes strings in CDATA and numbers bare, in order, skipping undefined', () => {
    expect(
      callbackXml([
        ['SuiteId', 'dk1'],
        ['InfoType', 'create_auth'],
        ['TimeStamp', 1403610513],
        ['State', undefined],
      ]),
    ).toBe(
      '<xml><SuiteId><![CDATA[dk1]]></SuiteId><InfoType><![CDATA[create_auth]]></InfoType>' +
        '<TimeStamp>1403610513</TimeStamp></xml>',
    );
  });

  it('keeps text containing ]]> and markup intact', () => {
    const content = 'a]]><b>&amp;</b>';
    const parsed = new XMLParser({ processEntities: false }).parse(callbackXml([['Content', content]]));
    expect(parsed.xml.Content).toBe(content);
  });
});
