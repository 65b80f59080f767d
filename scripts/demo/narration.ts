import { type Catalogue, type Locale, wordsFor } from '../../src/shared/locale';

/** The demo's own words (scenes, people, what they do), in the enterprise's language like the bot's. */
export interface Narration {
  title: string;
  finished: (seconds: string, stage: string, state: string) => string;
  failed: (message: string) => string;
  weekdays: readonly string[];
  transcript: {
    buttonsNow: (user: string, label: string) => string;
    notice: (user: string) => string;
    bot: (user: string) => string;
    card: (user: string, title: string) => string;
    buttons: string;
    alert: (key: string) => string;
  };
  provider: string;
  support: string;
  admin: (user: string) => string;
  scenes: readonly string[];
  done: (stage: string, state: string) => string;
  lines: {
    online: (name: string) => string;
    scans: string;
    recorded: (corpId: string) => string;
    putOnline: string;
    polled: string;
    setsPilot: (users: string) => string;
    taps: (button: string) => string;
    savesChange: string;
    files: string;
    intent: string;
    agreesInNotice: string;
    checked: string;
    sunday: string;
    addsSales: string;
    picksRoot: string;
    authorizesCancels: string;
  };
  /** Button texts the demo's people tap, as the cards in this language show them. */
  buttons: { pilotSet: RegExp; approve: RegExp; later: RegExp; widened: RegExp };
  status: string;
}

const WORDS: Catalogue<Narration> = {
  'zh-CN': {
    title: '企业微信代开发应用助手 · 演示（模拟企业微信，快速时钟）',
    finished: (s, stage, state) => `\n演示完成，用时 ${s} 秒：${stage}（${state}）。`,
    failed: (m) => `\n演示失败：${m}`,
    weekdays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
    transcript: {
      buttonsNow: (u, l) => `${u} 的卡片按钮变为「${l}」`,
      notice: (u) => `企业微信系统通知 → ${u}`,
      bot: (u) => `机器人 → ${u}:`,
      card: (u, t) => `机器人 → ${u} 卡片: ${t}`,
      buttons: '按钮',
      alert: (k) => `支持群告警 (${k}):`,
    },
    provider: '服务商',
    support: '客服',
    admin: (u) => `${u}（管理员）`,
    scenes: [
      '0. 服务商',
      '1. 企业扫码授权',
      '2. 应用上线',
      '3. 设置试点',
      '4. 自定义权限',
      '5. 按计划提醒（仅工作时间）',
      '6. 扩大到部门',
      '7. 扩大到全员',
      '8. 问状态',
      '9. 另一家企业改变主意',
    ],
    done: (stage, state) => `完成：「${stage}」，${state}`,
    lines: {
      online: (name) => `代开发模版「${name}」已上线，企业微信推送了 suite_ticket`,
      scans: '扫码授权，管理员 zhangsan、lisi',
      recorded: (corpId) => `机器人记录了授权，应用「开发中」（${corpId}）`,
      putOnline: '提交审核并上线（企业微信不为此回调）',
      polled: '机器人轮询 agent/get 发现已上线',
      setsPilot: (users) => `在管理后台把可见范围设为试点成员：${users}`,
      taps: (b) => `点「${b}」`,
      savesChange: '在服务商后台保存权限变更「客户联系」',
      files: '在机器人里登记，机器人向管理员说明用途',
      intent: '机器人记录意向，并提示去企业微信通知中确认',
      agreesInNotice: '在企业微信「权限变更」通知中点「同意」（企业微信发送 change_auth）',
      checked: 'change_auth 后机器人调用 get_follow_user_list，权限已生效',
      sunday: '三天后是周日，机器人等到工作时间再提醒',
      addsSales: '把「销售部」加入可见范围',
      picksRoot: '可见范围选择根部门（全员）',
      authorizesCancels: '扫码授权后又取消授权',
    },
    buttons: { pilotSet: /^已设置试点$/, approve: /^同意$/, later: /^三天后再提醒$/, widened: /^已扩大$/ },
    status: '状态',
  },
  en: {
    title: 'WeCom rollout bot · demo (simulated WeCom, fast clock)',
    finished: (s, stage, state) => `\nDemo finished in ${s} s: ${stage} (${state}).`,
    failed: (m) => `\nDemo failed: ${m}`,
    weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    transcript: {
      buttonsNow: (u, l) => `${u}'s card buttons now read "${l}"`,
      notice: (u) => `WeCom notice → ${u}`,
      bot: (u) => `Bot → ${u}:`,
      card: (u, t) => `Bot → ${u} card: ${t}`,
      buttons: 'buttons',
      alert: (k) => `Support alert (${k}):`,
    },
    provider: 'Provider',
    support: 'Support',
    admin: (u) => `${u} (admin)`,
    scenes: [
      '0. Provider',
      '1. An enterprise authorizes the template',
      '2. The provider puts the app online',
      '3. The admin sets a pilot',
      '4. A custom-permission change',
      '5. Reminders on the schedule (working hours only)',
      '6. Widen to a department',
      '7. Widen to the whole company',
      '8. An admin asks for the status',
      '9. Another enterprise changes its mind',
    ],
    done: (stage, state) => `Done: "${stage}", ${state}`,
    lines: {
      online: (name) => `template "${name}" is online; WeCom pushed a suite_ticket`,
      scans: 'scans the QR code; admins zhangsan, lisi',
      recorded: (corpId) => `the bot recorded the authorization; the app is in development (${corpId})`,
      putOnline: 'puts the app online (WeCom sends no callback for it)',
      polled: 'the bot polled agent/get and saw it online',
      setsPilot: (users) => `sets the visibility to pilot members: ${users}`,
      taps: (b) => `taps "${b}"`,
      savesChange: 'saves the change "Customer contact" in the provider console',
      files: 'files it with the bot, which explains it to the admins',
      intent: 'the bot records the intent and says where to confirm',
      agreesInNotice: 'agrees in WeCom’s Permission change notice (WeCom sends change_auth)',
      checked: 'after change_auth the bot called get_follow_user_list: in effect',
      sunday: 'three days later is a Sunday: the bot waits for working hours',
      addsSales: 'adds the Sales department to the visibility range',
      picksRoot: 'picks the root department (everyone)',
      authorizesCancels: 'authorizes, then cancels the authorization',
    },
    buttons: { pilotSet: /^Pilot set$/, approve: /^Approve$/, later: /^In 3 days$/, widened: /^Widened$/ },
    status: 'status',
  },
};

export function narration(locale: Locale): Narration {
  return wordsFor(WORDS, locale);
}
