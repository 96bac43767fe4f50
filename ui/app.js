// The pinpoint-local dashboard: plain DOM, no framework, no build step. It reads only the
// emulator's /_pinpoint/ JSON routes; every list comes a page at a time from the server.
'use strict';

const PAGE = 50;
const LIVE_ROWS = 200;
const $ = (sel) => document.querySelector(sel);
const state = { apps: [], app: null, stream: null, clockScope: null };

// h('tag.class#id', {attr: value, onclick: fn}, child, ...): children are nodes or text.
function h(spec, attrs, ...kids) {
  const [head, id] = spec.split('#');
  const [tag, ...classes] = head.split('.');
  const el = document.createElement(tag);
  if (classes.length) el.className = classes.join(' ');
  if (id) el.id = id;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && k !== 'list') el[k] = v;
    else el.setAttribute(k, v);
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}

// Calls a /_pinpoint/ route with a JSON body (if any); an error answer throws with its Message.
async function sendJson(method, path, params = {}, payload) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const url = `/_pinpoint/${path}${qs.toString() ? `?${qs}` : ''}`;
  const init = { method, headers: { accept: 'application/json' } };
  if (payload !== undefined) Object.assign(init, { body: JSON.stringify(payload), headers: { ...init.headers, 'content-type': 'application/json' } });
  const res = await fetch(url, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.Message || `${res.status} from ${url}`), { status: res.status });
  return body;
}
const getJson = (path, params) => sendJson('GET', path, params);

function setStatus(text, bad) {
  const s = $('#status');
  s.textContent = text || '';
  s.className = bad ? 'bad' : '';
}

const scopeParams = () => (state.app ? { account: state.app.AccountId, region: state.app.Region } : {});
const appParams = () =>
  state.app ? { account: state.app.AccountId, region: state.app.Region, 'application-id': state.app.ApplicationId } : {};
const appKey = (a) => `${a.AccountId}/${a.Region}/${a.ApplicationId}`;
const json = (v) => h('pre.json', {}, JSON.stringify(v, null, 2));
const cell = (v) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : v);

function table(columns, rows, onRow) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', {}, label)))),
    h('tbody', {}, rows.length ? rows.map((r) => h('tr', { className: onRow ? 'link' : '', onclick: onRow && (() => onRow(r)) },
      columns.map(([, get]) => h('td', {}, cell(get(r)))))) : h('tr', {}, h('td.empty', { colSpan: columns.length }, 'Nothing here yet.'))));
}

// A server-paged list: `load(token)` returns a listing; Next follows NextToken, First restarts.
function pagedList(load, render) {
  const box = h('div.paged');
  const go = async (token, trail) => {
    box.replaceChildren(h('p.muted', {}, 'Loading…'));
    try {
      const page = await load(token);
      const nav = h('div.pager', {},
        page.Count !== undefined ? h('span.muted', {}, `${page.Count} in all · page ${trail.length + 1}`) : null,
        trail.length ? h('button', { type: 'button', onclick: () => go(trail[trail.length - 1], trail.slice(0, -1)) }, '← Previous') : null,
        page.NextToken ? h('button', { type: 'button', onclick: () => go(page.NextToken, [...trail, token]) }, 'Next →') : null);
      box.replaceChildren(render(page.Item || []), nav);
    } catch (err) {
      box.replaceChildren(h('p.bad', {}, err.message));
    }
  };
  go(undefined, []);
  return box;
}

function needApp(view) {
  if (state.app) return false;
  view.append(h('p.muted', {}, 'No app yet: create one, or write an endpoint or event through the Pinpoint API.'));
  return true;
}

const views = {
  apps(view) {
    view.append(h('h2', {}, 'Accounts, regions and apps'), pagedList(
      (token) => getJson('apps', { 'page-size': PAGE, token }),
      (items) => table([
        ['Account', (a) => a.AccountId], ['Region', (a) => a.Region], ['Application id', (a) => a.ApplicationId],
        ['Name', (a) => a.Name], ['Endpoints', (a) => a.EndpointCount], ['Users', (a) => a.UserCount],
        ['Segments', (a) => a.SegmentCount], ['Campaigns', (a) => a.CampaignCount], ['Created', (a) => a.CreationDate],
      ], items, (a) => { pick(appKey(a)); location.hash = 'endpoints'; })));
  },

  endpoints(view, params) {
    if (needApp(view)) return;
    const detail = h('div.detail');
    const search = h('input', { type: 'search', name: 'q', placeholder: 'Search by id, user id or address', value: params.get('q') || '' });
    const user = params.get('user') || '';
    const list = h('div');
    const show = () => list.replaceChildren(pagedList(
      (token) => getJson('endpoints', { ...appParams(), q: search.value, 'user-id': user, 'page-size': PAGE, token }),
      (items) => table([
        ['Id', (e) => e.Id], ['Address', (e) => e.Address], ['Channel', (e) => e.ChannelType], ['Status', (e) => e.EndpointStatus],
        ['Opt-out', (e) => e.OptOut], ['User', (e) => e.UserId], ['Cohort', (e) => e.CohortId],
      ], items, (e) => showEndpoint(detail, e.Id))));
    view.append(h('h2', {}, user ? `Endpoints of user ${user}` : 'Endpoints'),
      h('form.search', { onsubmit: (ev) => { ev.preventDefault(); show(); } }, search, h('button', { type: 'submit' }, 'Search')),
      h('div.split', {}, list, detail));
    show();
    if (params.get('id')) showEndpoint(detail, params.get('id'));
  },

  users(view) {
    if (needApp(view)) return;
    const search = h('input', { type: 'search', name: 'q', placeholder: 'Search by user id' });
    const list = h('div');
    const show = () => list.replaceChildren(pagedList(
      (token) => getJson('users', { ...appParams(), q: search.value, 'page-size': PAGE, token }),
      (items) => table([['User id', (u) => u.UserId], ['Endpoints', (u) => u.EndpointCount], ['User attributes', (u) => u.UserAttributes]],
        items, (u) => { location.hash = `endpoints?user=${encodeURIComponent(u.UserId)}`; })));
    view.append(h('h2', {}, 'Users'), h('form.search', { onsubmit: (ev) => { ev.preventDefault(); show(); } }, search, h('button', { type: 'submit' }, 'Search')), list);
    show();
  },

  events(view) {
    if (needApp(view)) return;
    const type = h('input', { name: 'event-type', placeholder: 'Event type' });
    const endpoint = h('input', { name: 'endpoint-id', placeholder: 'Endpoint id' });
    const live = h('span.live', {}, 'connecting…');
    const body = h('tbody');
    const older = h('button', { type: 'button', hidden: true }, 'Load older');
    let oldest = null;
    const row = (e) => h('tr', { dataset: { seq: e.Seq } },
      h('td', {}, e.Seq), h('td', {}, e.ReceivedAt), h('td', {}, cell(e.Event && e.Event.EventType)),
      h('td', {}, e.EndpointId), h('td', {}, cell(e.UserId)), h('td', {}, e.EventId),
      h('td', {}, h('details', {}, h('summary', {}, 'event'), json(e.Event))));
    const filters = () => ({ ...appParams(), 'event-type': type.value, 'endpoint-id': endpoint.value });
    const connect = () => {
      closeStream();
      body.replaceChildren();
      oldest = null;
      const qs = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
      const es = new EventSource(`/_pinpoint/events/stream?${qs}`);
      state.stream = es;
      es.onopen = () => { live.textContent = '● live'; live.className = 'live on'; };
      es.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live'; };
      es.onmessage = (m) => {
        const e = JSON.parse(m.data);
        body.prepend(row(e));
        if (oldest === null || e.Seq < oldest) oldest = e.Seq;
        while (body.rows.length > LIVE_ROWS) body.lastElementChild.remove();
        older.hidden = false;
      };
    };
    older.onclick = async () => {
      const page = await getJson('events/page', { ...filters(), 'page-size': PAGE, token: oldest });
      for (const e of page.Item) { body.append(row(e)); oldest = e.Seq; }
      older.hidden = !page.NextToken;
    };
    view.append(h('h2', {}, 'Live events ', live),
      h('form.search', { onsubmit: (ev) => { ev.preventDefault(); connect(); } }, type, endpoint, h('button', { type: 'submit' }, 'Filter')),
      h('table#events', {}, h('thead', {}, h('tr', {}, ['#', 'Received', 'Type', 'Endpoint', 'User', 'Event id', ''].map((c) => h('th', {}, c)))), body),
      older);
    connect();
  },

  messages(view) {
    if (needApp(view)) return;
    const channel = h('select', { name: 'channel' }, ['', 'EMAIL', 'SMS', 'VOICE', 'GCM', 'APNS', 'BAIDU', 'ADM', 'CUSTOM', 'IN_APP']
      .map((c) => h('option', { value: c }, c || 'Any channel')));
    const list = h('div');
    const show = () => list.replaceChildren(pagedList(
      (token) => getJson('sent-messages/page', { ...appParams(), channel: channel.value, 'page-size': 20, token }),
      (items) => h('div.messages', {}, items.length ? items.map(message) : h('p.muted', {}, 'No messages sent yet.'))));
    channel.onchange = show;
    view.append(h('h2', {}, 'Sent messages'), h('form.search', {}, channel), list);
    show();
  },

  async otp(view) {
    if (needApp(view)) return;
    view.append(h('h2', {}, 'One-time passwords in flight'));
    const { Codes } = await getJson('otp', { 'application-id': state.app.ApplicationId });
    const mine = Codes.filter((c) => c.AccountId === state.app.AccountId && c.Region === state.app.Region);
    view.append(table([['Destination', (c) => c.DestinationIdentity], ['Reference id', (c) => c.ReferenceId], ['Code', (c) => c.Code],
      ['Created', (c) => c.CreatedAt], ['Expires', (c) => c.ExpiresAt], ['Attempts', (c) => `${c.FailedAttempts} failed of ${c.AllowedAttempts}`]], mine));
  },

  segments(view) {
    if (needApp(view)) return;
    view.append(h('h2', {}, 'Segments'), pagedList(
      (token) => getJson('segment-counts', { ...appParams(), 'page-size': PAGE, token }),
      (items) => table([['Segment id', (s) => s.SegmentId], ['Name', (s) => s.Name], ['Type', (s) => s.SegmentType],
        ['Version', (s) => s.Version], ['Members now', (s) => s.MemberCount ?? 'cannot evaluate'], ['Created', (s) => s.CreationDate]], items)));
  },

  campaigns(view) {
    if (needApp(view)) return;
    view.append(h('h2', {}, 'Campaigns and their runs'), pagedList(
      (token) => getJson('campaign-runs', { ...appParams(), 'page-size': 20, token }),
      (items) => h('div.campaigns', {}, items.length ? items.map(campaign) : h('p.muted', {}, 'No campaigns yet.'))));
  },

  // ui/journeys.js
  journeys: (view, params) => journeysView(view, params),

  async faults(view) {
    view.append(h('h2', {}, 'Fault-injection rules'));
    let rules;
    try {
      rules = (await getJson('faults')).Rules || [];
    } catch (err) {
      if (err.status === 404) return view.append(h('p.muted#faults-state', {}, 'Fault injection is not available in this build.'));
      throw err;
    }
    if (!rules.length) return view.append(h('p.muted#faults-state', {}, 'No rules.'));
    const keys = [...new Set(rules.flatMap((r) => Object.keys(r)))];
    view.append(table(keys.map((k) => [k, (r) => r[k]]), rules));
  },
};

function message(m) {
  const head = h('div.msg-head', {}, h('b', {}, m.Channel), ` to ${m.Address}`, m.EndpointId ? ` (endpoint ${m.EndpointId})` : '',
    h('span.muted', {}, ` · ${m.Operation} · ${m.SentAt}`));
  const parts = [head];
  const subject = m.Subject || m.Title;
  if (subject) parts.push(h('div.subject', {}, subject));
  if (m.HtmlBody) {
    // The message's HTML in a frame with no permissions at all: no scripts, no forms, no
    // same-origin access.
    parts.push(h('iframe.email', { sandbox: '', srcdoc: m.HtmlBody, title: `Email to ${m.Address}` }));
  }
  const text = m.TextBody || m.Body || m.RawContent;
  if (text && !m.HtmlBody) parts.push(h('pre.text', {}, text));
  if (m.Data) parts.push(json(m.Data));
  return h('article.msg', { dataset: { channel: m.Channel } }, parts);
}

// One campaign: its status on the scope's clock, its schedule, and its newest runs.
function campaign(c) {
  const when = [c.Frequency, c.StartTime && `from ${c.StartTime}`, c.EndTime && `until ${c.EndTime}`].filter(Boolean).join(' ');
  const shown = c.Activities.length;
  const runs = c.ActivityCount > shown ? `newest ${shown} of ${c.ActivityCount} runs` : `${c.ActivityCount} run${c.ActivityCount === 1 ? '' : 's'}`;
  return h('article.campaign', { dataset: { campaignId: c.CampaignId } },
    h('div.msg-head', {}, h('b', {}, c.Name || c.CampaignId), ' ', h('span.badge', {}, c.Status),
      h('span.muted', {}, ` · ${c.CampaignId} · version ${c.Version}${when ? ` · ${when}` : ''} · `), h('span.runs', {}, runs)),
    shown ? table([['Scheduled start', (a) => a.ScheduledStart], ['Treatment', (a) => a.TreatmentId], ['State', (a) => a.State],
      ['Endpoints', (a) => a.TotalEndpointCount], ['Succeeded', (a) => a.SuccessfulEndpointCount]], c.Activities)
      : h('p.muted', {}, 'No runs yet.'));
}

// The test clock of the selected app's account and region (the default scope without an app):
// its time, an Advance by an ISO-8601 duration that reports what ran, and a return to system time.
async function renderClock() {
  const bar = $('#clock');
  const scope = scopeParams();
  const now = h('time#clock-now');
  const mode = h('span.muted#clock-mode');
  const by = h('input', { name: 'by', value: 'P1D', size: 9, title: 'An ISO-8601 duration: PT15M, P1D, P1DT2H, P1W', 'aria-label': 'Advance by' });
  const out = h('span#clock-result', { role: 'status' });
  const show = (c) => {
    now.textContent = c.Now;
    now.dateTime = c.Now;
    mode.textContent = c.Frozen ? 'frozen' : 'system time';
  };
  const report = (text, bad) => {
    out.textContent = text;
    out.className = bad ? 'bad' : '';
  };
  const act = async (method, path, payload, say) => {
    report('…');
    try {
      const c = await sendJson(method, path, scope, payload);
      show(c);
      report(say(c));
    } catch (err) {
      return report(err.message, true);
    }
    await render();
  };
  const n = (count, what) => `${count} ${what}${count === 1 ? '' : 's'}`;
  // Journey activities are named only when some ran, so a campaign-only advance reads as before.
  const steps = (c) => c.Ran.JourneyActivities ? `, ${c.Ran.JourneyActivities} journey activit${c.Ran.JourneyActivities === 1 ? 'y' : 'ies'}` : '';
  const ran = (c) => `Ran ${n(c.Ran.CampaignRuns, 'campaign run')}${steps(c)} and ${n(c.Ran.Messages, 'message')}; now ${c.Now}.`;
  bar.replaceChildren(h('b', {}, 'Test clock'),
    h('span.muted', {}, scope.account ? `${scope.account} ${scope.region}` : 'default account and region'),
    now, mode,
    h('form.advance', { onsubmit: (ev) => { ev.preventDefault(); act('POST', 'clock/advance', { By: by.value.trim() }, ran); } },
      by, h('button', { type: 'submit' }, 'Advance')),
    h('button#clock-system', { type: 'button', onclick: () => act('DELETE', 'clock', undefined, () => 'Back on system time.') }, 'Return to system time'),
    out);
  try {
    show(await getJson('clock', scope));
  } catch (err) {
    report(err.message, true);
  }
}

async function showEndpoint(box, id) {
  box.replaceChildren(h('p.muted', {}, 'Loading…'));
  try {
    const { Endpoint: e, UserEndpoints: others } = await getJson('endpoint', { ...appParams(), 'endpoint-id': id });
    const user = e.User || {};
    box.replaceChildren(h('div', {}, h('h3', {}, `Endpoint ${e.Id}`),
      h('dl', {}, [['Address', e.Address], ['Channel', e.ChannelType], ['Status', e.EndpointStatus], ['Opt-out', e.OptOut],
        ['Cohort', e.CohortId], ['User', user.UserId], ['Effective', e.EffectiveDate], ['Created', e.CreationDate]]
        .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, cell(v))])),
      h('h4', {}, 'Attributes'), json(e.Attributes || {}),
      h('h4', {}, 'User attributes'), json(user.UserAttributes || {}),
      e.Metrics ? [h('h4', {}, 'Metrics'), json(e.Metrics)] : null,
      e.Demographic ? [h('h4', {}, 'Demographic'), json(e.Demographic)] : null,
      e.Location ? [h('h4', {}, 'Location'), json(e.Location)] : null,
      user.UserId ? [h('h4', {}, `User ${user.UserId}'s other endpoints`),
        others.length ? h('ul.others', {}, others.map((o) => h('li', {}, h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); showEndpoint(box, o.Id); } }, o.Id),
          ` ${o.ChannelType || ''} ${o.Address || ''} ${o.EndpointStatus}`))) : h('p.muted', {}, 'none')] : null));
  } catch (err) {
    box.replaceChildren(h('p.bad', {}, err.message));
  }
}

function closeStream() {
  if (state.stream) state.stream.close();
  state.stream = null;
}

function pick(key) {
  state.app = state.apps.find((a) => appKey(a) === key) || null;
  if (state.app) localStorage.setItem('pinpoint-local.app', key);
  $('#app-picker').value = key;
  // The clock bar follows the selected app's scope.
  const scope = state.app ? `${state.app.AccountId}/${state.app.Region}` : '';
  if (scope !== state.clockScope) {
    state.clockScope = scope;
    renderClock();
  }
}

async function loadApps() {
  // The picker offers the first page of apps; the Apps view pages through all of them.
  const { Item } = await getJson('apps', { 'page-size': 1000 });
  state.apps = Item;
  const picker = $('#app-picker');
  picker.replaceChildren(...(Item.length ? Item.map((a) => h('option', { value: appKey(a) }, `${a.Name} (${a.AccountId} ${a.Region})`))
    : [h('option', { value: '' }, '(no apps)')]));
  const saved = state.app ? appKey(state.app) : localStorage.getItem('pinpoint-local.app');
  pick(Item.some((a) => appKey(a) === saved) ? saved : Item.length ? appKey(Item[0]) : '');
}

async function render() {
  closeStream();
  const [name, query] = (location.hash.slice(1) || 'apps').split('?');
  const show = views[name] ? name : 'apps';
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('active', a.dataset.view === show);
  const view = h('section', { id: `view-${show}` });
  $('#view').replaceChildren(view);
  try {
    await views[show](view, new URLSearchParams(query || ''));
    setStatus('');
  } catch (err) {
    view.append(h('p.bad', {}, err.message));
  }
}

$('#app-picker').addEventListener('change', (ev) => { pick(ev.target.value); render(); });
$('#reset').addEventListener('click', async () => {
  if (!confirm('Reset the emulator? Every app, endpoint, event, message and code goes.')) return;
  const res = await fetch('/_pinpoint/state', { method: 'DELETE' });
  state.app = null;
  state.clockScope = null; // every clock is back on system time
  await loadApps();
  await render();
  setStatus(res.ok ? 'Emulator reset.' : `Reset failed: ${res.status}`, !res.ok);
});
window.addEventListener('hashchange', render);
loadApps().then(render, (err) => setStatus(err.message, true));
