import { fixButton } from '../../src/gateway/routes/admin/dashboard/action-form';
import { escapeHtml, html, trusted } from '../../src/gateway/routes/admin/dashboard/html';
import { inLocale } from '../../src/gateway/routes/admin/dashboard/respond';

describe('dashboard rendering', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<img src=x onerror="alert('x')">&\``;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;&#96;">' +
        '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;&#96;</td>',
    );
    expect(escapeHtml('a<b')).toBe('a&lt;b');
  });

  it('nests fragments once, joins lists and drops empty values', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    // Prettier lays html`` templates out as HTML: compare without the whitespace it adds.
    const out = html`<ul>
        ${items}
      </ul>
      ${undefined}${null}${false}${0}`.value.replace(/\s+/g, '');
    expect(out).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(html`${trusted('<br>')}`.value).toBe('<br>');
  });

  it('turns a diagnosis fix into the form that twins its API call', () => {
    const form = fixButton(
      {
        label: '重新申请权限 / File the request again',
        method: 'POST',
        path: '/admin/api/apps/wwsuite/wwcorp/permission-requests',
        body: { permissions: ['customer_contact', 'schedule'] },
      },
      '/admin',
    ).value;
    expect(form).toContain('action="/admin/actions/apps/wwsuite/wwcorp/permission-requests"');
    expect(form).toContain('name="permission.customer_contact" value="on"');
    expect(form).toContain('name="permission.schedule" value="on"');
    expect(form).toContain('name="back" value="/admin"');

    const status = fixButton(
      { label: 'x', method: 'POST', path: '/admin/api/apps/s/c/status', body: { status: 'enabled' } },
      '/admin',
    ).value;
    expect(status).toContain('name="status" value="enabled"');
  });

  it('shows a fix with no form twin as the API call to make', () => {
    for (const fix of [
      { label: 'plan', method: 'PUT' as const, path: '/admin/api/apps/s/c/rollout/plan' },
      { label: 'other', method: 'POST' as const, path: '/admin/api/templates' },
    ]) {
      const out = fixButton(fix, '/admin').value;
      expect(out).not.toContain('<form');
      expect(out).toContain(`<code>${fix.method} ${fix.path}</code>`);
    }
  });

  it('shows a service message written in both languages in the page’s language only', () => {
    const both = 'status 须为 developing | enabled / status must be one of developing, enabled';
    expect(inLocale(both, 'zh-CN')).toBe('status 须为 developing | enabled');
    expect(inLocale(both, 'en')).toBe('status must be one of developing, enabled');
    // Anything else is the service's own words, shown whole.
    for (const whole of ['cannot move from developing to approved', 'a / b', '甲 / 乙', '甲 / b / c'])
      expect(inLocale(whole, 'en')).toBe(whole);
  });
});
