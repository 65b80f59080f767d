import { parseXml } from '../../../src/callback/parse-xml';
import { toEvent, type EventOrigin } from '../../../src/callback/to-event';
import type { WecomEvent } from '../../../src/events/types';
import { fixture, officialVectors, reasonOf } from '../../helpers/callback-fixtures';

const SUITE = 'dk1a2b3c4d5e6f7a8b';
const CORP = 'wwcorp000000000001';
const template: EventOrigin = { source: 'template', suiteId: SUITE };
const app: EventOrigin = { source: 'app', suiteId: SUITE, corpId: CORP };

function eventFrom(name: string, origin: EventOrigin): WecomEvent {
  return toEvent(parseXml(fixture(name)), origin);
}

describe('toEvent', () => {
  describe('template callbacks (InfoType)', () => {
    it('suite_ticket', () => {
      expect(eventFrom('suite-ticket.xml', template)).toEqual({
        kind: 'suite_ticket',
        source: 'template',
        suiteId: SUITE,
        timestamp: 1767578400,
        suiteTicket: 'Cfp0_givEagXcYJIztF6sfbdmIZCmpaR8ZBsvJEFFNBrWmnD5-CGYJ3_NhYexMyw',
      });
    });

    it('create_auth, with State', () => {
      expect(eventFrom('create-auth.xml', template)).toEqual({
        kind: 'create_auth',
        source: 'template',
        suiteId: SUITE,
        timestamp: 1767578400,
        authCode: 'AUTHCODE_5c4f8e21d7a04b1b9f0e3a6d2c7b8e91',
        state: 'from-landing-page',
      });
    });

    it('change_auth, leaving out an empty State', () => {
      expect(eventFrom('change-auth.xml', template)).toEqual({
        kind: 'change_auth',
        source: 'template',
        suiteId: SUITE,
        timestamp: 1767578400,
        authCorpId: CORP,
        extraInfo: 'custom_permission',
      });
    });

    it('cancel_auth', () => {
      expect(eventFrom('cancel-auth.xml', template)).toEqual({
        kind: 'cancel_auth',
        source: 'template',
        suiteId: SUITE,
        timestamp: 1767578400,
        authCorpId: CORP,
      });
    });

    it('reset_permanent_code', () => {
      expect(eventFrom('reset-permanent-code.xml', template)).toEqual({
        kind: 'reset_permanent_code',
        source: 'template',
        suiteId: SUITE,
        timestamp: 1767578400,
        authCode: 'AUTHCODE_reset_0b7e2c9d4f1a4e6b8c3d5f7a9b1c2d3e',
        authCorpId: CORP,
      });
    });

    it('change_app_admin as an InfoType', () => {
      expect(eventFrom('change-app-admin.xml', template)).toEqual({
        kind: 'change_app_admin',
        source: 'template',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 1000002,
        createTime: 1767578400,
      });
    });

    it('an unrecognized InfoType becomes unknown, with the corp and every field kept', () => {
      const event = eventFrom('unknown-info-type.xml', template);
      expect(event).toEqual({
        kind: 'unknown',
        source: 'template',
        suiteId: SUITE,
        corpId: CORP,
        raw: expect.objectContaining({
          InfoType: 'change_contact',
          ChangeType: 'create_party',
          Name: '研发部',
        }),
      });
    });

    it('refuses a SuiteId that is not the one in the URL', () => {
      const other = { source: 'template', suiteId: 'dkOTHER' } as const;
      expect(reasonOf(() => eventFrom('suite-ticket.xml', other))).toBe('suite_id_mismatch');
      expect(reasonOf(() => eventFrom('unknown-info-type.xml', other))).toBe('suite_id_mismatch');
    });

    it('accepts a payload without SuiteId (the URL names the template)', () => {
      const fields = parseXml(
        '<xml><InfoType>cancel_auth</InfoType><TimeStamp>1</TimeStamp><AuthCorpId>c</AuthCorpId></xml>',
      );
      expect(toEvent(fields, template)).toMatchObject({ kind: 'cancel_auth', suiteId: SUITE });
    });

    it.each([
      ['create_auth without AuthCode', fixture('create-auth-missing-auth-code.xml'), 'missing_field'],
      [
        'suite_ticket without SuiteTicket',
        '<xml><InfoType>suite_ticket</InfoType><TimeStamp>1</TimeStamp></xml>',
        'missing_field',
      ],
      [
        'cancel_auth without TimeStamp',
        '<xml><InfoType>cancel_auth</InfoType><AuthCorpId>c</AuthCorpId></xml>',
        'missing_field',
      ],
      [
        'change_auth with an empty AuthCorpId',
        '<xml><InfoType>change_auth</InfoType><TimeStamp>1</TimeStamp><AuthCorpId/></xml>',
        'missing_field',
      ],
      [
        'a non-numeric TimeStamp',
        '<xml><InfoType>cancel_auth</InfoType><TimeStamp>soon</TimeStamp><AuthCorpId>c</AuthCorpId></xml>',
        'bad_field',
      ],
      [
        'a negative TimeStamp',
        '<xml><InfoType>cancel_auth</InfoType><TimeStamp>-1</TimeStamp><AuthCorpId>c</AuthCorpId></xml>',
        'bad_field',
      ],
      [
        'a TimeStamp beyond 2^53',
        '<xml><InfoType>cancel_auth</InfoType><TimeStamp>99999999999999999999</TimeStamp><AuthCorpId>c</AuthCorpId></xml>',
        'bad_field',
      ],
      [
        'two AuthCode elements',
        '<xml><InfoType>create_auth</InfoType><TimeStamp>1</TimeStamp><AuthCode>a</AuthCode><AuthCode>b</AuthCode></xml>',
        'bad_field',
      ],
      ['a nested InfoType', '<xml><InfoType><A>x</A></InfoType></xml>', 'bad_field'],
    ])('refuses %s', (_name, xml, reason) => {
      expect(reasonOf(() => toEvent(parseXml(xml), template))).toBe(reason);
    });
  });

  describe('app callbacks (MsgType / Event)', () => {
    it('the official text message', () => {
      expect(toEvent(parseXml(officialVectors().message.plaintext), app)).toEqual({
        kind: 'text',
        source: 'app',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 218,
        fromUser: 'mycreate',
        createTime: 1409659813,
        msgId: '4561255354251345929',
        content: 'hello',
      });
    });

    it('text keeps a MsgId above 2^53 exact', () => {
      expect(eventFrom('text.xml', app)).toMatchObject({
        kind: 'text',
        msgId: '9223372036854775807',
        content: '同意',
      });
    });

    it.each([
      ['image', '<PicUrl>u</PicUrl><MediaId>m</MediaId>'],
      ['voice', '<MediaId>m</MediaId><Format>amr</Format>'],
      ['video', '<MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId>'],
      ['location', '<Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Label>l</Label>'],
      ['link', '<Title>t</Title><Url>u</Url>'],
    ])('%s, typed with its sender and MsgId and nothing of its content', (kind, body) => {
      const xml =
        `<xml><ToUserName>c</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>1767578400</CreateTime>` +
        `<MsgType>${kind}</MsgType>${body}<MsgId>9223372036854775807</MsgId><AgentID>1000002</AgentID></xml>`;
      expect(toEvent(parseXml(xml), app)).toEqual({
        kind,
        source: 'app',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 1000002,
        fromUser: 'zhangsan',
        createTime: 1767578400,
        msgId: '9223372036854775807',
      });
      // Without its MsgId the message could not be told from a redelivery: malformed, not downgraded.
      expect(() => toEvent(parseXml(xml.replace(/<MsgId>.*<\/MsgId>/, '')), app)).toThrow('missing_field');
    });

    it('template_card_event', () => {
      expect(eventFrom('template-card-event.xml', app)).toEqual({
        kind: 'template_card_event',
        source: 'app',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 1000002,
        fromUser: 'zhangsan',
        createTime: 1767578400,
        eventKey: 'approve',
        taskId: 'perm-req-42',
        cardType: 'button_interaction',
        responseCode: 'RESPONSE_CODE_first_tap_7f3a',
      });
    });

    it('enter_agent with an empty EventKey', () => {
      expect(eventFrom('enter-agent.xml', app)).toEqual({
        kind: 'enter_agent',
        source: 'app',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 1000002,
        fromUser: 'zhangsan',
        createTime: 1767578400,
        eventKey: '',
      });
    });

    it('change_app_admin as an event', () => {
      expect(eventFrom('change-app-admin-event.xml', app)).toEqual({
        kind: 'change_app_admin',
        source: 'app',
        suiteId: SUITE,
        corpId: CORP,
        agentId: 1000002,
        createTime: 1767578400,
      });
    });

    it('an unrecognized Event becomes unknown, with the receiver as the corp', () => {
      expect(eventFrom('unknown-event.xml', app)).toMatchObject({
        kind: 'unknown',
        corpId: CORP,
        raw: { Event: 'inactive_alert', EffectTime: '1768183200' },
      });
    });

    it.each([
      ['an unrecognized MsgType', '<xml><ToUserName>c</ToUserName><MsgType>shortvideo</MsgType></xml>'],
      ['an event without Event', '<xml><ToUserName>c</ToUserName><MsgType>event</MsgType></xml>'],
      ['neither InfoType nor MsgType', '<xml><ToUserName>c</ToUserName></xml>'],
    ])('%s becomes unknown, with the receiver as the corp', (_name, xml) => {
      expect(toEvent(parseXml(xml), app)).toMatchObject({ kind: 'unknown', corpId: CORP });
    });

    it('takes the corp from the verified receiver id, not from ToUserName', () => {
      const other = 'wwsomeoneelse00001';
      const origin: EventOrigin = { ...app, corpId: other };
      for (const name of [
        'text.xml',
        'template-card-event.xml',
        'enter-agent.xml',
        'change-app-admin-event.xml',
      ]) {
        expect(eventFrom(name, origin)).toMatchObject({ corpId: other });
      }
      const withoutToUser = fixture('text.xml').replace(/<ToUserName>.*<\/ToUserName>/, '');
      expect(toEvent(parseXml(withoutToUser), app)).toMatchObject({ kind: 'text', corpId: CORP });
    });

    it('does not check SuiteId on app callbacks', () => {
      const xml = fixture('text.xml').replace('<xml>', '<xml><SuiteId>elsewhere</SuiteId>');
      expect(toEvent(parseXml(xml), app).kind).toBe('text');
    });

    it('does not take ToUserName as the corp of an unknown template callback', () => {
      const fields = parseXml('<xml><InfoType>new_thing</InfoType><ToUserName>x</ToUserName></xml>');
      expect(toEvent(fields, template)).not.toHaveProperty('corpId');
    });

    const text = fixture('text.xml');
    const card = fixture('template-card-event.xml');
    it.each([
      ['text without MsgId', text.replace(/<MsgId>.*<\/MsgId>/, ''), 'missing_field'],
      [
        'text with a non-numeric MsgId',
        text.replace(/<MsgId>.*<\/MsgId>/, '<MsgId>12a</MsgId>'),
        'bad_field',
      ],
      ['text without Content', text.replace(/<Content>.*<\/Content>/, ''), 'missing_field'],
      ['text without FromUserName', text.replace(/<FromUserName>.*<\/FromUserName>/, ''), 'missing_field'],
      ['text without AgentID', text.replace(/<AgentID>.*<\/AgentID>/, ''), 'missing_field'],
      [
        'text with a non-numeric AgentID',
        text.replace(/<AgentID>.*<\/AgentID>/, '<AgentID>abc</AgentID>'),
        'bad_field',
      ],
      [
        'a card event without ResponseCode',
        card.replace(/<ResponseCode>.*<\/ResponseCode>/, ''),
        'missing_field',
      ],
      ['a card event without TaskId', card.replace(/<TaskId>.*<\/TaskId>/, ''), 'missing_field'],
      [
        'a card event without FromUserName',
        card.replace(/<FromUserName>.*<\/FromUserName>/, ''),
        'missing_field',
      ],
    ])('refuses %s', (_name, xml, reason) => {
      expect(reasonOf(() => toEvent(parseXml(xml), app))).toBe(reason);
    });
  });
});
