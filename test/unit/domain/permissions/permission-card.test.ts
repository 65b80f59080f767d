import { loadCatalogue } from '../../../../src/domain/permissions/catalogue';
import { permissionCard, purposesText } from '../../../../src/domain/permissions/permission-card';
import { taskIdFor } from '../../../../src/domain/wecom-messages';
import type { Locale } from '../../../../src/shared/locale';

const catalogue = loadCatalogue();

interface Card {
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text: string;
  source: { desc: string };
  horizontal_content_list: { keyname: string; value: string }[];
  button_list: { text: string; key: string }[];
}

const input = (requested: string[], raisedCount: number, locale: Locale) => ({
  request: { id: 'req-1', requested, previous: ['contact_read'], raisedCount },
  appName: '客户管家',
  catalogue,
  locale,
});

function build(requested: string[], raisedCount = 1, locale: Locale = 'zh-CN'): Card {
  const payload = permissionCard({
    ...input(requested, raisedCount, locale),
    toUser: 'zhangsan',
    dedupeKey: 'perm:req-1:card:1:zhangsan',
  });
  expect(payload).toMatchObject({ touser: 'zhangsan', msgtype: 'template_card' });
  return payload.template_card as Card;
}

describe('permissionCard', () => {
  it('names each permission, says where the grant happens, with the two answers', () => {
    const card = build(['customer_contact']);
    expect(card.task_id).toBe(taskIdFor('perm:req-1:card:1:zhangsan'));
    expect(card.source.desc).toBe('客户管家');
    expect(card.main_title).toEqual({ title: '自定义权限申请', desc: '申请 1 项权限，用途见下一条消息' });
    expect(card.horizontal_content_list).toEqual([{ keyname: '权限1', value: '客户联系' }]);
    expect(card.sub_title_text).toContain('请在企业微信「权限变更」通知中点「同意」');
    expect(card.button_list.map((b) => [b.text, b.key])).toEqual([
      ['同意', 'perm:approve:req-1'],
      ['暂不授权', 'perm:decline:req-1'],
    ]);
  });

  it('in English, only English', () => {
    const card = build(['customer_contact', 'schedule'], 1, 'en');
    expect(card.main_title).toEqual({ title: 'Permission request', desc: '2 permissions; purposes follow' });
    expect(card.horizontal_content_list).toEqual([
      { keyname: 'No. 1', value: 'Customer contact' },
      { keyname: 'No. 2', value: 'Calendar' },
    ]);
    expect(card.button_list.map((b) => b.text)).toEqual(['Approve', 'Not now']);
    expect(JSON.stringify({ ...card, source: undefined })).not.toMatch(/\p{Script=Han}/u);
  });

  it('fits more than six permissions into six rows', () => {
    const card = build(catalogue.map((p) => p.id));
    expect(card.horizontal_content_list).toHaveLength(6);
    expect(card.horizontal_content_list[5]).toEqual({
      keyname: '其他',
      value: `另外 ${catalogue.length - 5} 项，见下一条消息`,
    });
  });

  it('says when it asks again', () => {
    expect(build(['customer_contact'], 2).main_title.title).toBe('再次确认权限申请');
    expect(purposesText(input(['customer_contact'], 2, 'zh-CN'))).toContain('这是第 2 次询问。');
  });
});

describe('purposesText', () => {
  it('says what each asked permission is for and what the app has now', () => {
    const text = purposesText(input(['customer_contact', 'schedule'], 1, 'en'));
    expect(text.split('\n')).toEqual([
      'What 客户管家 asks for, and why:',
      `· Customer contact: ${catalogue.find((p) => p.id === 'customer_contact')!.purposeEn}`,
      `· Calendar: ${catalogue.find((p) => p.id === 'schedule')!.purposeEn}`,
      'Current permissions: Read the directory',
    ]);
  });
});
