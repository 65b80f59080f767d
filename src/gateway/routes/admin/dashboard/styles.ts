/**
 * The dashboard's only stylesheet, inlined in every page (no build step, no static files).
 * Phones: the nav wraps, wide tables scroll sideways, `.cards` tables turn each row into a card.
 */
export const STYLES = `
:root { --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#f6f8fa; --accent:#0969da;
  --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;
  color:var(--fg); background:#fff; }
header { display:flex; flex-wrap:wrap; align-items:center; gap:.25rem 1rem; padding:.6rem 1rem;
  background:var(--bg); border-bottom:1px solid var(--line); }
header .brand { font-weight:600; margin-right:auto; }
header nav { display:flex; flex-wrap:wrap; gap:.25rem .9rem; }
header a { color:var(--accent); text-decoration:none; }
header a[aria-current=page] { font-weight:600; text-decoration:underline; }
main { max-width:1200px; margin:0 auto; padding:1rem; }
h1 { font-size:1.35rem; margin:.2rem 0 1rem; word-break:break-all; }
h2 { font-size:1.1rem; margin:1.6rem 0 .6rem; border-bottom:1px solid var(--line); padding-bottom:.2rem; }
.muted, small { color:var(--muted); }
.flash { padding:.6rem .8rem; border-radius:6px; margin:0 0 1rem; border:1px solid; }
.flash.ok { background:#dafbe1; border-color:#4ac26b; }
.flash.error { background:#ffebe9; border-color:#ff8182; }
.flash.warn { background:#fff8c5; border-color:#d4a72c; }
.counts { display:grid; grid-template-columns:repeat(auto-fill,minmax(10rem,1fr)); gap:.6rem; }
.count { border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; }
.count b { display:block; font-size:1.6rem; }
.table-wrap { overflow-x:auto; -webkit-overflow-scrolling:touch; border:1px solid var(--line); border-radius:6px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--bg); white-space:nowrap; font-weight:600; }
tr:last-child td { border-bottom:0; }
.tag { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.85em; border:1px solid var(--line);
  white-space:nowrap; }
.tag.ok { color:var(--ok); border-color:var(--ok); }
.tag.warn { color:var(--warn); border-color:var(--warn); }
.tag.bad { color:var(--bad); border-color:var(--bad); }
form.inline { display:inline; }
.filters { display:flex; flex-wrap:wrap; gap:.6rem 1rem; align-items:flex-end; margin-bottom:1rem; }
label { display:block; font-weight:500; }
label.check { display:flex; gap:.4rem; font-weight:400; align-items:flex-start; }
input[type=text], input[type=password], input[type=url], select, textarea { font:inherit; padding:.35rem .5rem;
  border:1px solid var(--line); border-radius:6px; max-width:100%; }
.stack > * { display:block; margin-bottom:.8rem; }
.stack input[type=text], .stack input[type=password], .stack textarea { width:100%; }
button { font:inherit; padding:.35rem .8rem; border-radius:6px; border:1px solid var(--accent);
  background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.actions { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; }
.pager { display:flex; gap:1rem; align-items:center; margin:.8rem 0; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; word-break:break-all; }
ul.problems li { margin-bottom:.4rem; }
code { font-size:.9em; background:var(--bg); padding:0 .25rem; border-radius:4px; word-break:break-all; }
@media (max-width: 640px) {
  main { padding:.75rem; }
  dl.facts { grid-template-columns:1fr; }
  dl.facts dd { margin-bottom:.4rem; }
  table.cards thead { display:none; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display:block; width:100%; }
  table.cards tr { border-bottom:1px solid var(--line); padding:.4rem 0; }
  table.cards td { border:0; padding:.15rem .6rem; }
  table.cards td:empty { display:none; }
  table.cards td[data-label]::before { content:attr(data-label); display:block; font-size:.8em; color:var(--muted); }
}
`;
