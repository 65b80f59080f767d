import type { Rollout } from '../../../../domain/model';
import { NEW_APP } from '../../../../domain/rollout/new-app';
import { stageName } from '../../../../domain/rollout/stage-name';
import type { AppDetail } from '../../../../domain/support/support-queries';
import { rolloutLines } from '../../../../domain/support/rollout-lines';
import { visibilityWords } from '../../../../domain/support/support-words';
import { actionButton } from './action-form';
import { tag, when } from './format';
import { html, type Html } from './html';
import type { PageText } from './page-locale';
import { appActionPath } from './paths';
import { members } from './visibility-members';

/** The stage the bot aims at next beside the range WeCom reports: the admin widens, the bot only reminds. */
export function visibilitySection(
  app: AppDetail,
  rollout: Rollout | undefined,
  tz: string,
  { locale, w, s }: PageText,
): Html {
  const a = w.app;
  const stages = rollout?.plan ?? [];
  return html`<h2>${a.visibility}</h2>
    <dl class="facts" id="visibility">
      <dt>${a.actual}</dt>
      <dd>
        ${app.visibility ? visibilityWords(app.visibility, locale) : s.notReadYet}
        ${app.visibility ? members(app.visibility, a.members) : ''}<br /><small
          >${a.readAt} ${when(app.visibilityObservedAt, tz)}</small
        >
      </dd>
      <dt>${a.desired}</dt>
      <dd>
        ${
          stages.length === 0
            ? html`<span class="muted">${a.notStarted}</span>`
            : html`<ol>
                ${stages.map((st, i) => {
                  const reached = rollout!.stageIndex >= i;
                  const next = rollout!.stageIndex + 1 === i;
                  return html`<li>
                    ${stageName(st, locale)}: ${s.reach[st.reach]}
                    ${reached ? tag(a.reached, 'ok') : next ? tag(a.nextTarget, 'warn') : ''}
                  </li>`;
                })}
              </ol>`
        }
      </dd>
    </dl>`;
}

/** The rollout's state and story, and the buttons its state allows. */
export function rolloutSection(
  app: AppDetail,
  rollout: Rollout | undefined,
  opts: { back: string; timeZone: string; maxUnanswered: number },
  { locale, w, s }: PageText,
): Html {
  const a = w.app;
  const act = (
    name: 'pause' | 'resume' | 'restart',
    label: string,
    style: 'primary' | 'secondary' | 'danger' = 'primary',
  ) =>
    actionButton(appActionPath(app.suiteId, app.corpId, `rollout/${name}`), label, {
      back: opts.back,
      style,
    });
  // A rollout put back for a new app and not reopened yet says nothing about the app there is now.
  const current = rollout && !(rollout.state === 'cancelled' && rollout.history.at(-1)?.what === NEW_APP);
  const lines = current ? rolloutLines(rollout, opts, locale) : [a.notStarted];
  const state = rollout?.state;
  return html`<h2>${w.cols.rollout}</h2>
    <div id="rollout">
      ${rollout && app.rollout ? html`<p>${tag(s.rolloutState[rollout.state], state === 'paused' ? 'warn' : state === 'completed' ? 'ok' : 'plain')} ${app.rollout.stuck ? tag(w.stuck, 'bad') : ''}</p>` : ''}
      <ul>
        ${lines.map((l) => html`<li>${l}</li>`)}
      </ul>
      ${
        rollout
          ? html`<div class="actions">
              ${state === 'active' || state === 'escalated' ? act('pause', a.pause, 'secondary') : ''}
              ${state === 'paused' || state === 'escalated' ? act('resume', a.resume) : ''}
              ${act('restart', a.restart, 'danger')}
            </div>`
          : ''
      }
    </div>`;
}
