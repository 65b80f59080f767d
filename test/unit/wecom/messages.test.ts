import {
  buttonCard,
  markdownMessage,
  replaceButtons,
  taskIdFor,
  TASK_ID_PATTERN,
  textMessage,
  truncateUtf8,
} from '../../../src/domain/wecom-messages';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('truncateUtf8', () => {
  it('leaves short text alone', () => {
    expect(truncateUtf8('你好', 6)).toBe('你好');
  });

  it('cuts on a character boundary and ends with an ellipsis', () => {
    const out = truncateUtf8('你好世界', 10); // 12 bytes; the ellipsis is 3
    expect(out).toBe('你好…');
    expect(bytes(out)).toBeLessThanOrEqual(10);
  });

  it('never splits an emoji (surrogate pair)', () => {
    const out = truncateUtf8('a😀😀😀', 9);
    expect(out).toBe('a😀…');
    expect(bytes(out)).toBeLessThanOrEqual(9);
  });
});

describe('text and markdown', () => {
  it('use WeCom field names and keep content within 2048 bytes', () => {
    const long = '字'.repeat(1000);
    const text = textMessage('zhangsan', long) as {
      touser: string;
      msgtype: string;
      text: { content: string };
    };
    expect(text.touser).toBe('zhangsan');
    expect(text.msgtype).toBe('text');
    expect(bytes(text.text.content)).toBeLessThanOrEqual(2048);
    expect(text.text.content.endsWith('…')).toBe(true);
    expect(markdownMessage('a|b', '**hi**')).toEqual({
      touser: 'a|b',
      msgtype: 'markdown',
      markdown: { content: '**hi**' },
    });
  });
});

describe('buttonCard', () => {
  const base = {
    toUser: 'admin1',
    taskId: taskIdFor('perm:req1:admin1'),
    title: '权限变更待确认',
    buttons: [
      { text: '同意', key: 'approve', style: 1 as const },
      { text: '暂不授权', key: 'decline', style: 2 as const },
    ],
  };

  it('builds a button_interaction template card', () => {
    expect(
      buttonCard({
        ...base,
        description: '请确认',
        subTitle: '应用需要客户联系权限',
        sourceDesc: '试点助手',
        horizontalContent: [{ keyname: '权限', value: '客户联系' }],
        quote: '说明',
      }),
    ).toEqual({
      touser: 'admin1',
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        source: { desc: '试点助手' },
        main_title: { title: '权限变更待确认', desc: '请确认' },
        sub_title_text: '应用需要客户联系权限',
        horizontal_content_list: [{ keyname: '权限', value: '客户联系' }],
        quote_area: { type: 0, quote_text: '说明' },
        task_id: base.taskId,
        button_list: [
          { text: '同意', style: 1, key: 'approve' },
          { text: '暂不授权', style: 2, key: 'decline' },
        ],
      },
    });
  });

  it('refuses more than 6 buttons, a bad task_id or duplicate keys', () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, key: `k${i}` }));
    expect(() => buttonCard({ ...base, buttons: seven })).toThrow(/1 to 6 buttons/);
    expect(() => buttonCard({ ...base, taskId: 'has space' })).toThrow(/task_id/);
    expect(() => buttonCard({ ...base, taskId: 'x'.repeat(129) })).toThrow(/task_id/);
    expect(() =>
      buttonCard({
        ...base,
        buttons: [
          { text: 'a', key: 'same' },
          { text: 'b', key: 'same' },
        ],
      }),
    ).toThrow(/own non-empty key/);
  });
});

describe('taskIdFor', () => {
  it('is stable, within WeCom’s charset and at most 128 bytes', () => {
    const id = taskIdFor('enabled:tpl_1:ww_corp:管理员|x y');
    expect(id).toBe(taskIdFor('enabled:tpl_1:ww_corp:管理员|x y'));
    expect(id).not.toBe(taskIdFor('enabled:tpl_1:ww_corp:other'));
    expect(id).toMatch(TASK_ID_PATTERN);
    expect(id.length).toBeLessThanOrEqual(128);
  });
});

describe('replaceButtons', () => {
  it('uses update_template_card field names', () => {
    expect(replaceButtons({ userIds: ['a'], responseCode: 'RC', replaceName: '已同意' })).toEqual({
      userids: ['a'],
      response_code: 'RC',
      button: { replace_name: '已同意' },
    });
    expect(replaceButtons({ userIds: ['a'], responseCodeFrom: 'outbox-1', replaceName: '已处理' })).toEqual({
      userids: ['a'],
      responseCodeFrom: 'outbox-1',
      button: { replace_name: '已处理' },
    });
  });
});
