import { parseXml } from '../../../src/callback/parse-xml';
import { fixture, officialVectors, reasonOf } from '../../helpers/callback-fixtures';

describe('parseXml', () => {
  it('returns the fields under <xml> as exact strings', () => {
    expect(parseXml(officialVectors().message.plaintext)).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('keeps a 64-bit MsgId digit for digit', () => {
    expect(parseXml(fixture('text.xml')).MsgId).toBe('9223372036854775807');
  });

  it('keeps nested elements as objects and repeated ones as arrays, without layout text', () => {
    expect(parseXml(fixture('template-card-event.xml')).SelectedItems).toEqual({
      SelectedItem: { QuestionKey: 'q1', OptionIds: { OptionId: ['o1', 'o2'] } },
    });
  });

  it('keeps CDATA as text, markup and all', () => {
    const xml = '<xml><Content><![CDATA[<b>&amp; <!DOCTYPE html> <!ENTITY x "y">]]></Content></xml>';
    expect(parseXml(xml).Content).toBe('<b>&amp; <!DOCTYPE html> <!ENTITY x "y">');
  });

  it('does not expand entities', () => {
    expect(parseXml('<xml><A>a &amp; &#x41; b</A></xml>').A).toBe('a &amp; &#x41; b');
  });

  it('ignores attributes, the XML declaration and processing instructions', () => {
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?><?pi x?><xml a="1"><B c="2">v</B></xml>')).toEqual(
      { B: 'v' },
    );
  });

  it('reads a leaf without the layout around its CDATA section, as WeCom and its peers write it', () => {
    const xml = '<xml><InfoType> <![CDATA[suite_ticket]]></InfoType><A>\n\t<![CDATA[ x ]]>\n</A></xml>';
    expect(parseXml(xml)).toEqual({ InfoType: 'suite_ticket', A: ' x ' });
  });

  it('keeps text beside a CDATA section that is not layout, and plain text as written', () => {
    expect(parseXml('<xml><A>a<![CDATA[b]]> c</A><B> 1 </B></xml>')).toEqual({ A: 'ab c', B: ' 1 ' });
  });

  it('reads a self-closing leaf as an empty string', () => {
    expect(parseXml('<xml><A/><B>2</B></xml>')).toEqual({ A: '', B: '2' });
  });

  it('reads an empty <xml/> as no fields', () => {
    expect(parseXml('<xml/>')).toEqual({});
  });

  it.each([
    ['doctype-entities.xml', 'doctype_refused'],
    ['entity-after-cdata.xml', 'doctype_refused'],
    ['malformed.xml', 'bad_xml'],
  ])('refuses the fixture %s with %s', (name, reason) => {
    expect(reasonOf(() => parseXml(fixture(name)))).toBe(reason);
  });

  it.each([
    ['a lower-case doctype', '<!doctype xml><xml/>', 'doctype_refused'],
    ['a bare entity declaration', '<!ENTITY a "b"><xml/>', 'doctype_refused'],
    ['a doctype inside the root', '<xml><!DOCTYPE x><A>1</A></xml>', 'doctype_refused'],
    ['a doctype after an unterminated CDATA', '<xml><A><![CDATA[x</A><!DOCTYPE y></xml>', 'doctype_refused'],
    [
      'a SYSTEM entity (XXE)',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>',
      'doctype_refused',
    ],
    ['an empty string', '', 'bad_xml'],
    ['plain text', 'success', 'bad_xml'],
    ['JSON', '{"encrypt":"abc"}', 'bad_xml'],
    ['an unclosed root', '<xml><A>1</A>', 'bad_xml'],
    ['mismatched tags', '<xml><A>1</B></xml>', 'bad_xml'],
    ['another root name', '<root><A>1</A></root>', 'bad_xml'],
    ['two roots', '<xml><A>1</A></xml><xml/>', 'bad_xml'],
    ['text as the root content', '<xml>text</xml>', 'bad_xml'],
    ['a raw ampersand', '<xml><A>a & b</A></xml>', 'bad_xml'],
    ['a __proto__ element', '<xml><__proto__><a>1</a></__proto__></xml>', 'bad_xml'],
    ['more than 1000 elements', `<xml>${'<a>x</a>'.repeat(1000)}</xml>`, 'bad_xml'],
    ['nesting deeper than 16', `<xml>${'<a>'.repeat(20)}${'</a>'.repeat(20)}</xml>`, 'bad_xml'],
    ['a comment', '<xml><!-- x --><A>1</A></xml>', 'bad_xml'],
    ['text beside child elements', '<xml><A>text<B>1</B></A></xml>', 'bad_xml'],
    ['an unterminated attribute', '<xml a="1><A>1</A></xml>', 'bad_xml'],
    ['an unterminated CDATA', '<xml><A><![CDATA[x</A></xml>', 'bad_xml'],
  ])('refuses %s', (_name, xml, reason) => {
    expect(reasonOf(() => parseXml(xml))).toBe(reason);
  });

  it('refuses names that could pollute prototypes, and leaves Object.prototype alone', () => {
    expect(reasonOf(() => parseXml('<xml><__proto__><polluted>1</polluted></__proto__></xml>'))).toBe(
      'bad_xml',
    );
    expect(
      reasonOf(() =>
        parseXml('<xml><constructor><prototype><polluted>1</polluted></prototype></constructor></xml>'),
      ),
    ).toBe('bad_xml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
