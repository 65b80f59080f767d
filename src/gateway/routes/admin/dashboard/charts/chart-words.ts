import type { PermissionRequestState } from '../../../../../domain/model';
import type { FunnelStage } from '../../../../../domain/support/funnel-stage';
import type { EnabledBucketId } from '../../../../../domain/support/overview-charts';
import type { Catalogue } from '../../../../../shared/locale';

/** The charts' words: one language per page, from the shared catalogue mechanism. */
export interface ChartWords {
  heading: string;
  count: string;
  noData: string;
  openList: string;
  openListOf: (what: string) => string;
  funnel: {
    title: string;
    about: string;
    stages: Record<FunnelStage, string>;
    /** A stage's count with how many of them are stuck. */
    withStuck: (count: number, stuck: number) => string;
    stuckLabel: string;
    stuckOf: (stage: string) => string;
  };
  enabled: { title: string; about: string; buckets: Record<EnabledBucketId, string> };
  requests: {
    title: (days: number) => string;
    about: string;
    outcomes: Record<PermissionRequestState, string>;
  };
  messages: {
    title: (days: number) => string;
    day: string;
    sent: string;
    failed: string;
    totals: (sent: number, failed: number) => string;
    listFailed: string;
    listSent: string;
  };
  /** Above a list opened from a chart: what it is filtered by, and how to drop that. */
  filteredBy: (parts: readonly string[]) => string;
  since: (when: string) => string;
  dropChartFilter: string;
  /** "label: value" pairs in a sentence, for the charts' descriptions. */
  list: (pairs: readonly (readonly [string, number | string])[]) => string;
}

export const CHART_WORDS: Catalogue<ChartWords> = {
  'zh-CN': {
    heading: '图表',
    count: '数量',
    noData: '暂无数据',
    openList: '查看列表',
    openListOf: (what) => `查看列表（${what}）`,
    funnel: {
      title: '上线与扩大可见范围漏斗',
      about: '各阶段的企业应用数（不含测试企业和已取消授权的），红色为停滞的',
      stages: {
        developing: '开发中',
        in_review: '审核中',
        approved: '待上线',
        enabled: '已启用未试点',
        members: '试点成员',
        departments: '部门',
        company: '全员',
      },
      withStuck: (count, stuck) => `${count}（停滞 ${stuck}）`,
      stuckLabel: '其中停滞',
      stuckOf: (stage) => `${stage}：停滞的`,
    },
    enabled: {
      title: '从授权到启用的天数',
      about: '已启用的企业应用按所用天数分组（不含测试企业）',
      buckets: {
        '0-1': '不到 1 天',
        '1-3': '1–3 天',
        '3-7': '3–7 天',
        '7-14': '7–14 天',
        '14-30': '14–30 天',
        '30-': '30 天以上',
      },
    },
    requests: {
      title: (days) => `近 ${days} 天的权限申请结果`,
      about: '按现在的状态统计（不含测试企业）',
      outcomes: {
        pending: '待企业客户确认',
        granted: '已生效',
        declined: '暂不授权',
        superseded: '被新申请取代',
      },
    },
    messages: {
      title: (days) => `近 ${days} 天每天发送的消息`,
      day: '日期',
      sent: '已发送',
      failed: '发送失败',
      totals: (sent, failed) => `共发送 ${sent} 条，失败 ${failed} 条`,
      listFailed: '发送失败的企业',
      listSent: '收到消息的企业',
    },
    filteredBy: (parts) => `按图表筛选：${parts.join('，')}`,
    since: (when) => `自 ${when} 起`,
    dropChartFilter: '去掉图表筛选',
    list: (pairs) => pairs.map(([k, v]) => `${k} ${v}`).join('，'),
  },
  en: {
    heading: 'Charts',
    count: 'Count',
    noData: 'No data yet',
    openList: 'Open the list',
    openListOf: (what) => `Open the list (${what})`,
    funnel: {
      title: 'Going live and widening the visible range',
      about: "Enterprises' apps at each stage (no test enterprises, no cancelled ones); red: stuck",
      stages: {
        developing: 'developing',
        in_review: 'in review',
        approved: 'approved',
        enabled: 'enabled, no pilot',
        members: 'pilot members',
        departments: 'departments',
        company: 'whole company',
      },
      withStuck: (count, stuck) => `${count} (${stuck} stuck)`,
      stuckLabel: 'of which stuck',
      stuckOf: (stage) => `${stage}: stuck`,
    },
    enabled: {
      title: 'Days from authorization to enabled',
      about: "Enabled enterprises' apps grouped by the days it took (no test enterprises)",
      buckets: {
        '0-1': 'under 1 day',
        '1-3': '1–3 days',
        '3-7': '3–7 days',
        '7-14': '7–14 days',
        '14-30': '14–30 days',
        '30-': '30 days or more',
      },
    },
    requests: {
      title: (days) => `Permission requests of the last ${days} days`,
      about: 'By the state they are in now (no test enterprises)',
      outcomes: {
        pending: 'awaiting reply',
        granted: 'granted',
        declined: 'not now',
        superseded: 'superseded',
      },
    },
    messages: {
      title: (days) => `Messages sent per day, last ${days} days`,
      day: 'Day',
      sent: 'sent',
      failed: 'failed',
      totals: (sent, failed) => `${sent} sent, ${failed} failed`,
      listFailed: 'Enterprises with failed messages',
      listSent: 'Enterprises messaged',
    },
    filteredBy: (parts) => `Filtered by a chart: ${parts.join(', ')}`,
    since: (when) => `since ${when}`,
    dropChartFilter: 'Drop the chart filter',
    list: (pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join(', '),
  },
};
