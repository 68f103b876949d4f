/** The languages of the workbench. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  title: 'Complaints workbench',
  skip: 'Skip to content',
  queue: 'Queue',
  newComplaint: 'New complaint',
  approvals: 'Approvals',
  statistics: 'Statistics',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  who: 'Who are you?',
  language: 'Language',
  openComplaints: 'Open complaints',
  none: 'Nothing here.',
  id: 'Complaint',
  stage: 'Stage',
  category: 'Category',
  channel: 'Channel',
  department: 'Department',
  priority: 'Priority',
  deadline: 'Deadline',
  received: 'Received',
  dueIn: 'due in',
  overdueBy: 'overdue by',
  warned: 'warned',
  breached: 'breached',
  noDeadline: '—',
  timeline: 'Timeline',
  actions: 'What you can do',
  noActions: 'Your role has nothing to do on this complaint now.',
  complainant: 'Complainant',
  summary: 'Summary',
  hidden: '(hidden: your role may not see personal data)',
  erased: '(erased)',
  refused: 'Not done',
  done: 'Done',
  audit: 'Audit report',
  fullReport: 'The full report (printable page)',
  verification: 'Verification',
  verifyOk: 'The hash chain holds',
  verifyBad: 'The log does not verify',
  events: 'events',
  time: 'Time',
  actor: 'Who',
  event: 'What',
  details: 'Details',
  proposals: 'Remedies waiting for approval',
  remedy: 'Remedy',
  compensation: 'Compensation',
  proposedBy: 'Proposed by',
  byCategory: 'By category',
  byDepartment: 'By department',
  byMonth: 'By month',
  count: 'Complaints',
  period: 'Month',
  resolved: 'Resolved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  open: 'Open',
  optional: 'optional',
  yes: 'Yes',
  no: 'No',
  submitReceive: 'Record the complaint',
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  signInFirst: 'Sign in to continue.',
  forbiddenForm: 'This form has expired or came from elsewhere; reload the page and try again.',
  notFound: 'No such page.',
  notAllowedRole: 'Your role cannot do this.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: '投诉工作台',
  skip: '跳到正文',
  queue: '待办队列',
  newComplaint: '登记投诉',
  approvals: '待审批',
  statistics: '统计',
  signIn: '登录',
  signOut: '退出',
  signedInAs: '当前用户',
  who: '请选择您的身份',
  language: '语言',
  openComplaints: '未结投诉',
  none: '暂无。',
  id: '投诉编号',
  stage: '阶段',
  category: '类别',
  channel: '渠道',
  department: '部门',
  priority: '优先级',
  deadline: '时限',
  received: '受理时间',
  dueIn: '剩余',
  overdueBy: '已超时',
  warned: '预警',
  breached: '已超期',
  noDeadline: '—',
  timeline: '处理经过',
  actions: '可执行的操作',
  noActions: '您的角色目前无需处理此投诉。',
  complainant: '投诉人',
  summary: '投诉内容',
  hidden: '（已隐藏：您的角色无权查看个人信息）',
  erased: '（已删除）',
  refused: '未能完成',
  done: '已完成',
  audit: '审计报告',
  fullReport: '完整报告（可打印）',
  verification: '校验',
  verifyOk: '哈希链完整',
  verifyBad: '日志校验失败',
  events: '个事件',
  time: '时间',
  actor: '操作人',
  event: '事件',
  details: '详情',
  proposals: '待审批的处理方案',
  remedy: '方案',
  compensation: '补偿',
  proposedBy: '提出人',
  byCategory: '按类别',
  byDepartment: '按部门',
  byMonth: '按月份',
  count: '投诉数',
  period: '月份',
  resolved: '已解决',
  rejected: '不予受理',
  withdrawn: '已撤回',
  open: '处理中',
  optional: '选填',
  yes: '是',
  no: '否',
  submitReceive: '登记投诉',
  name: '姓名',
  phone: '电话',
  email: '邮箱',
  signInFirst: '请先登录。',
  forbiddenForm: '表单已过期或来源不明，请刷新页面后重试。',
  notFound: '页面不存在。',
  notAllowedRole: '您的角色不能执行此操作。',
};

/** Names of stages, commands and values, by language (English falls back to the code itself). */
const zhTerms: Record<string, string> = {
  received: '已登记',
  judged: '已受理',
  investigated: '已调查',
  proposal: '方案待定',
  implemented: '已实施',
  reviewed: '已复核',
  rejected: '不予受理',
  withdrawn: '已撤回',
  merged: '已合并',
  low: '低',
  normal: '普通',
  high: '高',
  urgent: '紧急',
  acknowledge: '确认',
  decide: '受理决定',
  resolve: '办结',
  followUp: '回访',
  progress: '进度告知',
  accept: '受理',
  reject: '不予受理',
  reassign: '转派',
  recordInvestigation: '记录调查结果',
  proposeRemedy: '提出处理方案',
  approveRemedy: '批准方案',
  implementRemedy: '实施方案',
  recordCustomerResponse: '记录客户答复',
  review: '复核结案',
  recordFollowUp: '记录回访',
  escalate: '升级',
  addNote: '添加备注',
  withdraw: '撤回',
  pause: '暂停',
  resume: '恢复',
  extendDeadline: '延长时限',
  resolveAtFirstContact: '首次接触即解决',
  link: '关联投诉',
  merge: '合并投诉',
};

const enTerms: Record<string, string> = {
  judged: 'accepted',
  proposal: 'remedy proposed',
  decide: 'decision',
  resolve: 'resolution',
  followUp: 'follow-up',
  accept: 'Accept',
  reject: 'Reject',
  reassign: 'Reassign',
  recordInvestigation: 'Record the investigation',
  proposeRemedy: 'Propose a remedy',
  approveRemedy: 'Approve the remedy',
  implementRemedy: 'Implement the remedy',
  recordCustomerResponse: "Record the customer's answer",
  review: 'Review and close',
  recordFollowUp: 'Record the follow-up',
  escalate: 'Escalate',
  addNote: 'Add a note',
  withdraw: 'Withdraw',
  pause: 'Pause',
  resume: 'Resume',
  extendDeadline: 'Extend a deadline',
  resolveAtFirstContact: 'Resolve at first contact',
  link: 'Link a complaint',
  merge: 'Merge into another',
};

/** The messages of one language: `t('queue')`, and `term(code)` for stage, priority and command names. */
export interface Messages {
  readonly lang: Lang;
  t(key: MessageKey): string;
  term(code: string): string;
}

export const messages = (lang: Lang): Messages => ({
  lang,
  t: (key) => (lang === 'zh' ? zh[key] : en[key]),
  term: (code) => (lang === 'zh' ? zhTerms[code] : enTerms[code]) ?? code,
});

/** The language: the switch's cookie if set, else the first of Accept-Language the workbench speaks, else English. */
export const pickLang = (cookie: string | undefined, acceptLanguage: string | undefined): Lang => {
  if (cookie === 'en' || cookie === 'zh') return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
};
