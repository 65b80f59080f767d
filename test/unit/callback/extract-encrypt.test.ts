import { extractEncrypt } from '../../../src/callback/extract-encrypt';
import { fixture, officialVectors, reasonOf } from '../../helpers/callback-fixtures';

describe('extractEncrypt', () => {
  it('takes Encrypt out of the official POST body', () => {
    const { message } = officialVectors();
    expect(extractEncrypt(message.body)).toBe(message.encrypt);
  });

  it.each([
    ['bare text', '<xml><Encrypt>abc</Encrypt></xml>'],
    ['CDATA', '<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>'],
    ['CDATA with layout around it', '<xml>\n <Encrypt>\n  <![CDATA[abc]]>\n </Encrypt>\n</xml>\n'],
    [
      'a declaration and other leaves',
      '<?xml version="1.0"?>\n<xml><AgentID>1</AgentID><Encrypt>abc</Encrypt ></xml>',
    ],
  ])('reads %s', (_name, body) => {
    expect(extractEncrypt(body)).toBe('abc');
  });

  it.each([
    ['no Encrypt', '<xml><ToUserName>x</ToUserName></xml>', 'missing_encrypt'],
    ['an empty Encrypt', '<xml><Encrypt><![CDATA[]]></Encrypt></xml>', 'missing_encrypt'],
    ['two Encrypt elements', '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>', 'missing_encrypt'],
    ['a nested Encrypt', '<xml><Encrypt><A>a</A></Encrypt></xml>', 'missing_encrypt'],
    ['a DOCTYPE', fixture('doctype-entities.xml'), 'doctype_refused'],
    ['an ENTITY inside the root', '<xml><!ENTITY x "y"><Encrypt>a</Encrypt></xml>', 'doctype_refused'],
    ['an empty body', '', 'bad_xml'],
    ['JSON', '{"encrypt":"x"}', 'bad_xml'],
    ['text beside CDATA', '<xml><Encrypt>a<![CDATA[b]]></Encrypt></xml>', 'bad_xml'],
    ['an unterminated CDATA', `<xml><Encrypt>${'<![CDATA['.repeat(100)}</Encrypt></xml>`, 'bad_xml'],
    ['a nested leaf', '<xml><A><B>1</B></A><Encrypt>a</Encrypt></xml>', 'bad_xml'],
    ['mismatched tags', '<xml><Encrypt>a</Other></xml>', 'bad_xml'],
    ['an unclosed root', '<xml><Encrypt>a</Encrypt>', 'bad_xml'],
    ['a second root', '<xml><Encrypt>a</Encrypt></xml><xml/>', 'bad_xml'],
    ['a comment', '<xml><!-- c --><Encrypt>a</Encrypt></xml>', 'bad_xml'],
  ])('refuses %s with %s', (_name, body, reason) => {
    expect(reasonOf(() => extractEncrypt(body))).toBe(reason);
  });
});
