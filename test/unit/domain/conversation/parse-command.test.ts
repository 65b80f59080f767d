import { parseCommand } from '../../../../src/domain/conversation/parse-command';

describe('parseCommand: only clear words decide', () => {
  it.each([
    ['同意', 'approve'],
    [' 同意授权。', 'approve'],
    ['Approve!', 'approve'],
    ['ＡＰＰＲＯＶＥ！', 'approve'],
    ['暂不授权', 'decline'],
    ['暂不～', 'decline'],
    ['Not  Now.', 'decline'],
    ['状态', 'status'],
    ['/help', 'help'],
    ['？', 'help'],
    ['恢复', 'resume'],
    ['恢复提醒。', 'resume'],
    ['Resume', 'resume'],
    ['/resume', 'resume'],
  ])('%j is %s', (text, command) => {
    expect(parseCommand(text)).toBe(command);
  });

  it.each([
    'OK',
    'ok',
    'ＯＫ',
    'OK!',
    'yes',
    'no',
    '好的',
    '好',
    '可以',
    '不',
    '👍',
    '👍🏻',
    '批准',
    '拒绝',
    'decline',
  ])('%j decides nothing (unclear)', (text) => {
    expect(parseCommand(text)).toBe('unclear');
  });

  it.each(['同意?', '我同意吗', '同意 但是', '你好', '', '恢复?', '恢复吗', '😀', '[微笑]'])(
    '%j is not understood',
    (text) => {
      expect(parseCommand(text)).toBe('unknown');
    },
  );
});
