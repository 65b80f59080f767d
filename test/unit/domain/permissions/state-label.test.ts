import { stateLabel } from '../../../../src/domain/permissions/state-label';
import type { PermissionAnswerRecord } from '../../../../src/domain/model';

const answer = (a: PermissionAnswerRecord['answer']): PermissionAnswerRecord => ({
  answer: a,
  by: 'zhangsan',
  at: new Date('2026-03-02T02:00:00Z'),
  via: 'button',
});

describe('stateLabel', () => {
  it.each([
    ['pending', undefined, '待企业客户确认 / waiting for the enterprise'],
    ['pending', answer('approve'), '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet'],
    ['granted', answer('approve'), '已生效 / in effect'],
    ['granted', undefined, '已生效 / in effect'],
    ['declined', answer('not_now'), '暂不授权 / not now'],
    ['superseded', undefined, '已被新申请取代 / superseded'],
  ] as const)('%s with answer %j reads %s', (state, a, label) => {
    expect(stateLabel({ state, answer: a })).toBe(label);
  });
});
