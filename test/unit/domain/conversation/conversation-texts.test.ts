import { helpfulReply, notPausedReply } from '../../../../src/domain/conversation/conversation-texts';

describe('helpfulReply: what the admin can send now', () => {
  it('names what came and only the commands that do something, in one language', () => {
    const reply = helpfulReply({ media: 'voice' }, { requests: 0, paused: false }, 'zh-CN');
    expect(reply).toMatch(/^收到语音。/);
    expect(reply).not.toMatch(/[A-Za-z]/);
    expect(reply).not.toMatch(/同意|恢复/);
    expect(reply).toContain('· 状态');
    const en = helpfulReply({ media: 'voice' }, { requests: 0, paused: false }, 'en');
    expect(en).toMatch(/^Got your voice note\./);
    expect(en).not.toMatch(/\p{Script=Han}/u);
    expect(en).not.toMatch(/approve|resume/);
    expect(en).toContain('· help');
  });

  it('quotes the start of words it does not know', () => {
    expect(helpfulReply({ text: '你好'.repeat(30) }, { requests: 0, paused: false }, 'zh-CN')).toMatch(
      new RegExp(`^收到「${'你好'.repeat(20)}」。`),
    );
  });

  it('one waiting request is answered in text; several on their cards', () => {
    expect(helpfulReply({ media: 'image' }, { requests: 1, paused: true }, 'zh-CN')).toContain(
      '同意 或 暂不授权 — 答复等待您确认的权限申请',
    );
    const many = helpfulReply({ media: 'image' }, { requests: 3, paused: false }, 'zh-CN');
    expect(many).toContain('有 3 条权限申请等待您确认，请在各自的卡片上答复');
    expect(many).not.toContain('恢复');
    expect(helpfulReply({ media: 'image' }, { requests: 3, paused: true }, 'en')).toContain(
      '· resume — turn the paused rollout reminders back on',
    );
  });
});

describe('notPausedReply', () => {
  it.each([
    [undefined, 'zh-CN', '尚未开始'],
    ['active', 'zh-CN', '没有暂停'],
    ['escalated', 'zh-CN', '请联系服务商恢复'],
    ['completed', 'zh-CN', '已结束（已完成）'],
    ['completed', 'en', 'The rollout has ended (completed)'],
    ['escalated', 'en', 'ask them to resume it'],
  ] as const)('%s in %s: %s', (state, locale, words) => {
    expect(notPausedReply(state, locale)).toContain(words);
  });
});
