import { helpfulReply, notPausedReply } from '../../../../src/domain/conversation/conversation-texts';

describe('helpfulReply: what the admin can send now', () => {
  it('names what came and only the commands that do something', () => {
    const reply = helpfulReply({ media: 'voice' }, { requests: 0, paused: false });
    expect(reply).toMatch(/^收到语音。/);
    expect(reply).toContain('Got your voice note.');
    expect(reply).not.toMatch(/同意|恢复|approve|resume/);
    expect(reply).toContain('· 状态');
    expect(reply).toContain('· help');
  });

  it('quotes the start of words it does not know', () => {
    expect(helpfulReply({ text: '你好'.repeat(30) }, { requests: 0, paused: false })).toMatch(
      new RegExp(`^收到「${'你好'.repeat(20)}」。`),
    );
  });

  it('one waiting request is answered in text; several on their cards', () => {
    expect(helpfulReply({ media: 'image' }, { requests: 1, paused: true })).toContain(
      '同意 或 暂不授权 — 答复等待您确认的权限申请',
    );
    const many = helpfulReply({ media: 'image' }, { requests: 3, paused: false });
    expect(many).toContain('有 3 条权限申请等待您确认，请在各自的卡片上答复');
    expect(many).not.toContain('恢复');
  });
});

describe('notPausedReply', () => {
  it.each([
    [undefined, '尚未开始'],
    ['active', '没有暂停'],
    ['escalated', '请联系服务商恢复'],
    ['completed', '已结束（已完成）'],
  ] as const)('%s: %s', (state, words) => {
    expect(notPausedReply(state)).toContain(words);
  });
});
