import { randomBytes } from 'node:crypto';
import { ConflictError, ValidationError } from '../shared/errors';
import type { CallbackDispatch, CallbackTarget } from './callback-dispatch';
import { randomToken, type SimState } from './sim-state';
import type { CallbackOutcome, SimCorp, SimDepartment, SimTag, Visibility } from './sim-types';

export interface AddTemplateInput {
  suiteId: string;
  suiteSecret: string;
  name: string;
  token: string;
  encodingAESKey: string;
  /** The app (data) callback config; defaults to the template's token and key. */
  appToken?: string;
  appEncodingAESKey?: string;
}

export interface DepartmentInput {
  id: number;
  name: string;
  /** Defaults to 1, the root department. */
  parentId?: number;
  members: string[];
}

export interface AuthorizeInput {
  corpName: string;
  /** The first admin is the one who scans the QR code (auth_user_info). */
  admins: string[];
  members?: string[];
  departments?: DepartmentInput[];
  tags?: SimTag[];
  /** The range the admin picks; defaults to the admins only. */
  visibility?: Partial<Visibility>;
  /** The state carried by the authorization link. */
  state?: string;
  /** Re-authorize an enterprise that cancelled before; it keeps its corp id. */
  corpId?: string;
}

export interface AuthorizeResult {
  corpId: string;
  agentId: number;
  authCode: string;
  callback: CallbackOutcome;
}

const AES_KEY = /^[A-Za-z0-9]{43}$/;
const TOKEN = /^[A-Za-z0-9]{1,32}$/;

/** What the provider and WeCom do: templates, suite tickets, authorizations, publishing, permissions. */
export function createProviderControls(state: SimState, dispatch: CallbackDispatch) {
  // Real agent ids repeat across corps; unique ones here make a bot that mixes corps up fail loudly.
  let agentSeq = 0;
  const now = () => state.clock.now();
  const timeStamp = () => Math.floor(now().getTime() / 1000);
  const openCorp = (corpId: string): SimCorp => {
    const corp = state.corp(corpId);
    if (corp.cancelledAt) throw new ConflictError(`corp ${corpId} cancelled its authorization`);
    return corp;
  };
  const dropTokens = (corpId: string) => {
    for (const [k, t] of state.accessTokens) if (t.owner === corpId) state.accessTokens.delete(k);
  };

  const issueAuthCode = (
    corp: SimCorp,
    purpose: 'create_auth' | 'reset_permanent_code',
    permanentCode: string,
  ) => {
    const code = randomToken(48);
    state.authCodes.set(code, {
      code,
      corpId: corp.corpId,
      suiteId: corp.suiteId,
      purpose,
      permanentCode,
      issuedAt: now(),
    });
    return code;
  };

  return {
    addTemplate(input: AddTemplateInput): void {
      if (state.templates.has(input.suiteId)) throw new ConflictError(`template ${input.suiteId} exists`);
      for (const [field, value] of [
        ['encodingAESKey', input.encodingAESKey],
        ['appEncodingAESKey', input.appEncodingAESKey ?? input.encodingAESKey],
      ]) {
        if (!AES_KEY.test(value))
          throw new ValidationError(field, 'aes_key', `${field}: 43 letters or digits`);
      }
      for (const [field, value] of [
        ['token', input.token],
        ['appToken', input.appToken ?? input.token],
      ]) {
        if (!TOKEN.test(value)) throw new ValidationError(field, 'token', `${field}: 1-32 letters or digits`);
      }
      state.templates.set(input.suiteId, {
        suiteId: input.suiteId,
        suiteSecret: input.suiteSecret,
        name: input.name,
        token: input.token,
        encodingAESKey: input.encodingAESKey,
        appToken: input.appToken ?? input.token,
        appEncodingAESKey: input.appEncodingAESKey ?? input.encodingAESKey,
        tickets: [],
      });
    },

    /** WeCom pushes a new ticket every 10 minutes; here it is pushed on demand. */
    async pushSuiteTicket(suiteId: string): Promise<{ ticket: string; callback: CallbackOutcome }> {
      const template = state.template(suiteId);
      const ticket = randomToken(48);
      template.tickets.push({ ticket, pushedAt: now() });
      const callback = await dispatch.toTemplate(suiteId, 'suite_ticket', [
        ['SuiteId', suiteId],
        ['InfoType', 'suite_ticket'],
        ['TimeStamp', timeStamp()],
        ['SuiteTicket', ticket],
      ]);
      return { ticket, callback };
    },

    /** An admin scans the template QR code: WeCom creates the app (developing) and sends create_auth. */
    async authorizeTemplate(suiteId: string, input: AuthorizeInput): Promise<AuthorizeResult> {
      state.template(suiteId);
      if (!input.corpName) throw new ValidationError('corpName', 'required', 'corpName required');
      if (!input.admins?.length) throw new ValidationError('admins', 'required', 'at least one admin');
      const previous = input.corpId ? state.corp(input.corpId) : undefined;
      if (previous && !previous.cancelledAt) {
        throw new ConflictError(
          `corp ${previous.corpId} already authorized ${previous.suiteId}; one app per template`,
        );
      }
      if (previous && previous.suiteId !== suiteId) {
        throw new ConflictError('the simulator models one app per corp; use a new corp for another template');
      }
      const corpId = previous?.corpId ?? `wwsim${randomBytes(6).toString('hex')}`;
      const departments = buildDepartments(input);
      const corp: SimCorp = {
        corpId,
        corpName: input.corpName,
        suiteId,
        agentId: 1000002 + agentSeq++,
        permanentCode: randomToken(32),
        state: input.state,
        authorizer: input.admins[0],
        admins: [...new Set(input.admins)],
        departments,
        tags: input.tags ?? [],
        visibility: {
          users: input.visibility?.users ?? [...new Set(input.admins)],
          parties: input.visibility?.parties ?? [],
          tags: input.visibility?.tags ?? [],
        },
        publishStatus: 1,
        customPermissions: [],
        permissionChanges: [],
        taskIds: new Set(),
      };
      dropTokens(corpId);
      state.corps.set(corpId, corp);
      const authCode = issueAuthCode(corp, 'create_auth', corp.permanentCode);
      const callback = await dispatch.toTemplate(suiteId, 'create_auth', [
        ['SuiteId', suiteId],
        ['InfoType', 'create_auth'],
        ['TimeStamp', timeStamp()],
        ['AuthCode', authCode],
        ['State', input.state],
      ]);
      return { corpId, agentId: corp.agentId, authCode, callback };
    },

    /** The enterprise cancels: tokens stop working (48004) and cancel_auth is sent. */
    async cancelAuthorization(corpId: string): Promise<{ callback: CallbackOutcome }> {
      const corp = openCorp(corpId);
      corp.cancelledAt = now();
      dropTokens(corpId);
      const callback = await dispatch.toTemplate(corp.suiteId, 'cancel_auth', [
        ['SuiteId', corp.suiteId],
        ['InfoType', 'cancel_auth'],
        ['TimeStamp', timeStamp()],
        ['AuthCorpId', corpId],
      ]);
      return { callback };
    },

    /** The provider puts the app online; WeCom sends no callback, agent/get shows status 2. */
    putOnline(corpId: string): void {
      openCorp(corpId).publishStatus = 2;
    },

    /**
     * The provider saves a custom-permission change: WeCom shows each admin a notice to agree or answer
     * 暂不授权. Nothing changes until grantPermission / denyPermission; no callback either way.
     */
    fileProviderPermissionChange(corpId: string, permissions: string[]): { changeId: number } {
      const corp = openCorp(corpId);
      if (!permissions.length)
        throw new ValidationError('permissions', 'required', 'at least one permission');
      corp.permissionChanges.forEach((c) => (c.superseded = true));
      const change = {
        id: state.nextId(),
        permissions: [...new Set(permissions)],
        filedAt: now(),
        decisions: {},
        superseded: false,
      };
      corp.permissionChanges.push(change);
      const appName = state.template(corp.suiteId).name;
      for (const userId of corp.admins) {
        state.inbox.push({
          id: state.nextId(),
          corpId,
          userId,
          at: now(),
          from: 'wecom',
          msgtype: 'wecom_notice',
          content: `「${appName}」申请新增权限 requests permissions: ${change.permissions.join('、')}`,
          permissionChangeId: change.id,
        });
      }
      return { changeId: change.id };
    },

    /** The provider resets the app secret: reset_permanent_code with a new AuthCode to exchange. */
    async resetPermanentCode(corpId: string): Promise<{ authCode: string; callback: CallbackOutcome }> {
      const corp = openCorp(corpId);
      const authCode = issueAuthCode(corp, 'reset_permanent_code', randomToken(32));
      const callback = await dispatch.toTemplate(corp.suiteId, 'reset_permanent_code', [
        ['SuiteId', corp.suiteId],
        ['AuthCode', authCode],
        ['InfoType', 'reset_permanent_code'],
        ['TimeStamp', timeStamp()],
      ]);
      return { authCode, callback };
    },

    /** change_auth: the enterprise changed the authorization; the bot re-reads get_auth_info. */
    async changeAuth(corpId: string): Promise<{ callback: CallbackOutcome }> {
      const corp = openCorp(corpId);
      const callback = await dispatch.toTemplate(corp.suiteId, 'change_auth', [
        ['SuiteId', corp.suiteId],
        ['InfoType', 'change_auth'],
        ['TimeStamp', timeStamp()],
        ['AuthCorpId', corpId],
        ['State', corp.state],
      ]);
      return { callback };
    },

    verifyCallbackUrl: (target: CallbackTarget): Promise<CallbackOutcome> => dispatch.verifyUrl(target),
  };
}

export type ProviderControls = ReturnType<typeof createProviderControls>;

/** Root department 1 (the whole company) holds everyone not placed in another department. */
function buildDepartments(input: AuthorizeInput): SimDepartment[] {
  const extra = input.departments ?? [];
  const ids = new Set<number>([1]);
  for (const d of extra) {
    if (ids.has(d.id))
      throw new ValidationError('departments', 'unique_id', `department id ${d.id} repeated or 1`);
    ids.add(d.id);
  }
  for (const d of extra) {
    if (!ids.has(d.parentId ?? 1))
      throw new ValidationError('departments', 'parent', `department ${d.id}: no parent`);
  }
  const placed = new Set(extra.flatMap((d) => d.members));
  const rootMembers = [...new Set([...input.admins, ...(input.members ?? [])])].filter((u) => !placed.has(u));
  return [
    { id: 1, name: input.corpName, parentId: 0, members: rootMembers },
    ...extra.map((d) => ({ id: d.id, name: d.name, parentId: d.parentId ?? 1, members: [...d.members] })),
  ];
}
