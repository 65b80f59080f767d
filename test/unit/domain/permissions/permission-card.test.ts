import { loadCatalogue } from '../../../../src/domain/permissions/catalogue';
import { permissionCard } from '../../../../src/domain/permissions/permission-card';
import { taskIdFor } from '../../../../src/domain/wecom-messages';

const catalogue = loadCatalogue();

interface Card {
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text: string;
  source: { desc: string };
  horizontal_content_list: { keyname: string; value: string }[];
  button_list: { text: string; key: string }[];
}

function build(requested: string[], raisedCount = 1): Card {
  const payload = permissionCard({
    toUser: 'zhangsan',
    request: { id: 'req-1', requested, previous: ['contact_read'], raisedCount },
    appName: '客户管家',
    catalogue,
    dedupeKey: 'perm:req-1:card:1:zhangsan',
  });
  expect(payload).toMatchObject({ touser: 'zhangsan', msgtype: 'template_card' });
  return payload.template_card as Card;
}

describe('permissionCard', () => {
  it('explains each permission in plain words, Chinese and English, with the two answers', () => {
    const card = build(['customer_contact']);
    expect(card.task_id).toBe(taskIdFor('perm:req-1:card:1:zhangsan'));
    expect(card.source.desc).toBe('客户管家');
    expect(card.main_title.desc).toBe('现有权限 / Current: 通讯录读取');
    expect(card.horizontal_content_list).toEqual([
      { keyname: '客户联系', value: catalogue.find((p) => p.id === 'customer_contact')!.purpose },
    ]);
    expect(card.sub_title_text).toContain('Customer contact: See and manage');
    expect(card.sub_title_text).toContain('请在企业微信「权限变更」通知中点「同意」');
    expect(card.button_list.map((b) => [b.text, b.key])).toEqual([
      ['同意 / Approve', 'perm:approve:req-1'],
      ['暂不授权 / Not now', 'perm:decline:req-1'],
    ]);
  });

  it('fits more than six permissions into six rows', () => {
    const card = build(catalogue.map((p) => p.id));
    expect(card.horizontal_content_list).toHaveLength(6);
    expect(card.horizontal_content_list[5]).toEqual({ keyname: '其他 / More', value: '审批、打卡、微盘' });
  });

  it('says when it asks again', () => {
    const card = build(['customer_contact'], 2);
    expect(card.main_title.title).toContain('再次确认');
    expect(card.sub_title_text).toContain('第 2 次询问 / asked 2 times');
  });
});
