import fc from 'fast-check';
import { eventKey } from '../../../src/callback/event-key';
import { parseXml } from '../../../src/callback/parse-xml';
import { toEvent, type EventOrigin } from '../../../src/callback/to-event';
import type { EventOf, WecomEvent } from '../../../src/events/types';
import { fixture } from '../../helpers/callback-fixtures';

const SUITE = 'dk1a2b3c4d5e6f7a8b';
const CORP = 'wwcorp000000000001';
const template: EventOrigin = { source: 'template', suiteId: SUITE };
const app: EventOrigin = { source: 'app', suiteId: SUITE, corpId: CORP };

function eventFrom(name: string, origin: EventOrigin, edit: (xml: string) => string = (x) => x): WecomEvent {
  return toEvent(parseXml(edit(fixture(name))), origin);
}

describe('eventKey', () => {
  const all: [string, EventOrigin][] = [
    ['suite-ticket.xml', template],
    ['create-auth.xml', template],
    ['change-auth.xml', template],
    ['cancel-auth.xml', template],
    ['reset-permanent-code.xml', template],
    ['change-app-admin.xml', template],
    ['unknown-info-type.xml', template],
    ['text.xml', app],
    ['template-card-event.xml', app],
    ['enter-agent.xml', app],
    ['change-app-admin-event.xml', app],
    ['unknown-event.xml', app],
  ];

  it.each(all)('%s: a retry (the same callback again) has the same key', (name, origin) => {
    expect(eventKey(eventFrom(name, origin))).toBe(eventKey(eventFrom(name, origin)));
  });

  it('gives every fixture its own key, prefixed with source and suite id', () => {
    const keys = all.map(([name, origin]) => eventKey(eventFrom(name, origin)));
    expect(new Set(keys).size).toBe(keys.length);
    for (const [i, key] of keys.entries()) expect(key.startsWith(`${all[i][1].source}:${SUITE}:`)).toBe(true);
  });

  it('uses the MsgId for text messages', () => {
    expect(eventKey(eventFrom('text.xml', app))).toBe(
      `app:${SUITE}:text:wwcorp000000000001:9223372036854775807`,
    );
  });

  it('tells apart two suite tickets pushed in the same second', () => {
    const first = eventFrom('suite-ticket.xml', template);
    const second = eventFrom('suite-ticket.xml', template, (x) => x.replace('Cfp0_', 'Zzz9_'));
    expect(eventKey(first)).not.toBe(eventKey(second));
  });

  it('tells apart two taps by one user in one second with different response codes', () => {
    const first = eventFrom('template-card-event.xml', app);
    const second = eventFrom('template-card-event.xml', app, (x) => x.replace('first_tap', 'second_tap'));
    expect(eventKey(first)).not.toBe(eventKey(second));
  });

  it.each([
    ['EventKey', (x: string) => x.replace('[approve]', '[not_now]')],
    ['TaskId', (x: string) => x.replace('perm-req-42', 'perm-req-43')],
    ['FromUserName', (x: string) => x.replace('[zhangsan]', '[lisi]')],
    ['CreateTime', (x: string) => x.replace('1767578400', '1767578401')],
  ])('tells apart card events that differ in %s', (_field, edit) => {
    expect(eventKey(eventFrom('template-card-event.xml', app, edit))).not.toBe(
      eventKey(eventFrom('template-card-event.xml', app)),
    );
  });

  it('tells apart two create_auth callbacks in one second by their auth codes', () => {
    const second = eventFrom('create-auth.xml', template, (x) => x.replace('AUTHCODE_5c4f', 'AUTHCODE_9999'));
    expect(eventKey(second)).not.toBe(eventKey(eventFrom('create-auth.xml', template)));
  });

  it('tells apart enter_agent by user and time', () => {
    const base = eventKey(eventFrom('enter-agent.xml', app));
    expect(eventKey(eventFrom('enter-agent.xml', app, (x) => x.replace('[zhangsan]', '[lisi]')))).not.toBe(
      base,
    );
    expect(
      eventKey(eventFrom('enter-agent.xml', app, (x) => x.replace('1767578400', '1767578401'))),
    ).not.toBe(base);
  });

  it('never collides between templates or between the template and the app URL', () => {
    const unknown = '<xml><InfoType>new_thing</InfoType><TimeStamp>1</TimeStamp></xml>';
    const a = eventKey(toEvent(parseXml(unknown), template));
    const b = eventKey(toEvent(parseXml(unknown), { source: 'template', suiteId: 'dkOTHER' }));
    const c = eventKey(toEvent(parseXml(unknown), app));
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('identifies an unknown event by all of its content, whatever the element order', () => {
    const a = '<xml><MsgType>shortvideo</MsgType><PicUrl>u1</PicUrl><MsgId>1</MsgId></xml>';
    const reordered = '<xml><MsgId>1</MsgId><MsgType>shortvideo</MsgType><PicUrl>u1</PicUrl></xml>';
    const other = '<xml><MsgType>shortvideo</MsgType><PicUrl>u2</PicUrl><MsgId>1</MsgId></xml>';
    const nested = '<xml><MsgType>shortvideo</MsgType><PicUrl><A>u1</A></PicUrl><MsgId>1</MsgId></xml>';
    const key = (xml: string) => eventKey(toEvent(parseXml(xml), app));
    expect(key(a)).toBe(key(reordered));
    expect(key(a)).not.toBe(key(other));
    expect(key(a)).not.toBe(key(nested));
  });

  it('keeps auth codes, suite tickets and response codes out of the key', () => {
    const secrets = ['Cfp0_givEagXcYJIztF6sfbdmIZCmpaR8ZBsvJEFFNBrWmnD5', 'AUTHCODE_', 'RESPONSE_CODE_'];
    for (const [name, origin] of all) {
      const key = eventKey(eventFrom(name, origin));
      for (const secret of secrets) expect(key).not.toContain(secret);
    }
  });

  it('cannot be confused by separators inside values', () => {
    const card = (fromUser: string, taskId: string): EventOf<'template_card_event'> => ({
      kind: 'template_card_event',
      source: 'app',
      suiteId: SUITE,
      corpId: 'c',
      agentId: 1,
      fromUser,
      createTime: 1,
      eventKey: 'k',
      taskId,
      cardType: 'button_interaction',
      responseCode: 'r',
    });
    expect(eventKey(card('a:b', 'c'))).not.toBe(eventKey(card('a', 'b:c')));
  });

  it('gives distinct card events distinct keys (property)', () => {
    const cardFields = fc.record({
      fromUser: fc.string({ minLength: 1 }),
      taskId: fc.string({ minLength: 1 }),
      eventKey: fc.string(),
      responseCode: fc.string({ minLength: 1 }),
      createTime: fc.nat(),
    });
    fc.assert(
      fc.property(cardFields, cardFields, (a, b) => {
        const base = {
          kind: 'template_card_event',
          source: 'app',
          suiteId: SUITE,
          corpId: 'c',
          agentId: 1,
          cardType: 't',
        } as const;
        const same = JSON.stringify(a) === JSON.stringify(b);
        return (eventKey({ ...base, ...a }) === eventKey({ ...base, ...b })) === same;
      }),
    );
  });
});
