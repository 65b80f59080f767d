import { stateLabel } from '../../../../src/domain/permissions/state-label';

describe('stateLabel', () => {
  it.each([
    ['pending', 'unverified', '待企业客户确认 / waiting for the enterprise'],
    ['approved', 'in_effect', '已生效 / in effect'],
    ['approved', 'not_yet_in_effect', '已同意，尚未生效 / approved, not yet in effect'],
    ['approved', 'unverified', '已同意，尚未验证 / approved, not verified yet'],
    ['declined', 'unverified', '暂不授权 / not now'],
    ['superseded', 'unverified', '已被新申请取代 / superseded'],
  ] as const)('%s with effect %s reads %s', (state, effect, label) => {
    expect(stateLabel({ state, effect })).toBe(label);
  });
});
