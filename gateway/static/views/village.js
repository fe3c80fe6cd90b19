// The village view: switcher, live resources, the 18 fields and the village slots with
// what the next level costs and takes and why it cannot be built now, the queues with
// countdowns, training, academy research, smithy, and live completions (WebSocket).
import { api } from '../api.js';
import { catalog, go, session } from '../app.js';
import * as live from '../live.js';
import { act, alertBox, button, countdown, every, field, fmt, h, mount, say, title } from '../ui.js';
import { seconds } from '../messages.js';

const RES = ['wood', 'clay', 'iron', 'crop'];
const FIELD_TYPES = new Set(['woodcutter', 'clay_pit', 'iron_mine', 'cropland']);
const MAIN_SLOT = 26;
let unsubscribe = null;
const events = [];

/** Stock now, from the last read: rates are per hour, capped by storage, never below 0. */
export function stockAt(v, readAt, now) {
  const hours = Math.max(0, now - readAt) / 3600000;
  const out = {};
  for (const r of RES) {
    const rate = r === 'crop' ? v.production.crop - v.production.crop_consumption : v.production[r];
    const cap = r === 'crop' ? v.capacity.granary : v.capacity.warehouse;
    out[r] = Math.max(0, Math.min(cap, v.resources[r] + rate * hours));
  }
  return out;
}

function levels(v) {
  const top = {};
  for (const b of v.buildings) top[b.building_type] = Math.max(top[b.building_type] || 0, b.level);
  return top;
}

function targetLevel(v, position, level) {
  const queued = v.build_queue.filter((q) => q.position === position).map((q) => q.target_level);
  return Math.max(level, ...queued) + 1;
}

function lane(position) { return position <= 18 ? 'field' : 'inner'; }

/** Why the next level cannot be queued now (empty = it can), and its cost and time. */
export function nextLevel(cat, v, type, position, level) {
  const spec = cat.buildings[type];
  const reasons = [];
  const next = targetLevel(v, position, level);
  const max = v.is_capital ? spec.max_level_capital : spec.max_level;
  if (next > max) return { next, max: true, reasons: [`Maximum level (${max}) reached`] };
  const row = spec.levels[next - 1];
  const mb = levels(v).main_building || 0;
  const time = Math.max(1, Math.round(row.time_base_s * cat.main_building_factor[Math.min(mb, 20)] / cat.game_speed));
  const busy = v.tribe === 'romans'
    ? v.build_queue.some((q) => lane(q.position) === lane(position))
    : v.build_queue.length > 0;
  if (busy) reasons.push('Builders busy: wait for the queue');
  const top = levels(v);
  const missing = spec.prerequisites.filter(([b, l]) => (top[b] || 0) < l);
  if (missing.length) reasons.push(`Needs ${missing.map(([b, l]) => `${title(b)} ${l}`).join(', ')}`);
  return { next, cost: row.cost, time, reasons };
}

function shortfall(cost, stock, v) {
  const out = [];
  for (const r of RES) {
    const cap = r === 'crop' ? v.capacity.granary : v.capacity.warehouse;
    if (cost[r] > cap) out.push(`${r} beyond ${r === 'crop' ? 'granary' : 'warehouse'} capacity`);
    else if (cost[r] > stock[r]) out.push(`${fmt(cost[r] - stock[r])} ${r}`);
  }
  return out.length ? [`Not enough resources: ${out.join(', ')}`] : [];
}

const costText = (cost) => RES.map((r) => [h('span', { class: `res ${r}` }, `${title(r)} ${fmt(cost[r])}`), ' ']);

export async function show(main, { args }) {
  if (!session.villages.length) session.villages = await api('GET', '/villages');
  const id = args[0] || sessionStorage.getItem('village') || session.villages[0]?.id;
  if (!id) { mount(main, h('p', {}, 'You have no village.')); return; }
  if (!session.villages.some((x) => x.id === id)) { go(`#/village/${session.villages[0].id}`); return; }
  sessionStorage.setItem('village', id);
  const cat = await catalog();
  const view = { main, id, cat, v: null, readAt: 0, gen: 0, token: `village:${id}:${Date.now()}` };
  main.dataset.view = view.token;
  if (unsubscribe) unsubscribe();
  live.watch(id);
  const off = live.onUpdate((frame) => {
    if (main.dataset.view !== view.token) { off(); return; }
    if (frame.village_id !== id) return;
    const d = frame.data;
    const what = d.event === 'building_complete'
      ? `${title(d.building_type || 'Building')} reached level ${d.level}`
      : `${title(d.event)}${d.unit ? `: ${d.count || ''} ${title(d.unit)}` : ''}`;
    events.unshift(`${new Date().toLocaleTimeString()} · ${what}`);
    events.length = Math.min(events.length, 8);
    say(what);
    reload(view);
  });
  unsubscribe = off;
  await reload(view);
}

export async function reload(view) {
  const v = await api('GET', `/villages/${view.id}`);
  view.v = v;
  view.readAt = Date.now();
  view.gen += 1;
  render(view);
}

function render(view) {
  const { v, cat, main } = view;
  if (main.dataset.view !== view.token) return; // the player moved on to another page
  const gen = view.gen;
  const stock = () => stockAt(v, view.readAt, Date.now());
  const affordable = [];

  const bar = h('section', { class: 'resources', 'aria-label': 'Resources' },
    RES.map((r) => {
      const cap = r === 'crop' ? v.capacity.granary : v.capacity.warehouse;
      const rate = r === 'crop' ? v.production.crop - v.production.crop_consumption : v.production[r];
      const value = h('span', { class: 'amount', dataset: { res: r } }, fmt(v.resources[r]));
      const full = h('span', { class: 'full', hidden: true }, r === 'crop' ? 'Granary full' : 'Warehouse full');
      every(() => {
        if (view.gen !== gen || !value.isConnected) return false;
        const now = stock()[r];
        value.textContent = fmt(now);
        full.hidden = now < cap;
        return true;
      });
      full.hidden = v.resources[r] < cap;
      return h('div', { class: `res-box ${r}` }, h('span', { class: 'label' }, title(r)), ' ',
        value, h('span', { class: 'cap' }, ` / ${fmt(cap)}`),
        h('span', { class: 'rate' }, ` ${rate >= 0 ? '+' : ''}${fmt(rate)}/h`), full);
    }));

  const switcher = h('select', { id: 'village-switch', onchange: (e) => go(`#/village/${e.target.value}`) },
    session.villages.map((x) => h('option', { value: x.id, selected: x.id === v.id },
      `${x.name} (${x.x}|${x.y})${x.is_capital ? ' ★' : ''}`)));

  const card = (b, position) => {
    const type = b ? b.building_type : null;
    const level = b ? b.level : 0;
    const info = nextLevel(cat, v, type, position, level);
    const reason = h('p', { class: 'why' });
    const btn = button(`Upgrade to ${info.next}`, (e) => act(e.target, () => upgrade(view, type, position)),
      { class: 'upgrade', 'aria-describedby': null });
    reason.id = `why-${position}`;
    btn.setAttribute('aria-describedby', reason.id);
    const refresh = () => {
      const why = info.max ? info.reasons : [...info.reasons, ...shortfall(info.cost, stock(), v)];
      reason.textContent = why.join('. ');
      btn.disabled = why.length > 0;
    };
    if (info.max) btn.hidden = true;
    refresh();
    affordable.push(refresh);
    return h('li', { class: `building${b && b.is_upgrading ? ' upgrading' : ''}`, dataset: { position, type } },
      h('h3', {}, `${cat.buildings[type].name} `, h('span', { class: 'level' }, `level ${level}`),
        h('span', { class: 'pos' }, ` · slot ${position}`)),
      b && b.is_upgrading ? h('p', {}, 'Upgrading: ', countdown(b.upgrade_complete_at)) : null,
      info.max ? null : h('p', { class: 'cost' }, costText(info.cost), h('span', {}, ` · ${seconds(info.time)}`)),
      reason, btn);
  };

  const byPos = Object.fromEntries(v.buildings.map((b) => [b.position, b]));
  const fields = v.buildings.filter((b) => b.position <= 18).sort((a, b) => a.position - b.position);
  const slots = [];
  for (let p = 19; p <= 40; p += 1) slots.push(byPos[p] ? card(byPos[p], p) : emptySlot(view, p, stock, affordable));

  every(() => {
    if (view.gen !== gen || !main.isConnected) return false;
    affordable.forEach((fn) => fn());
    return true;
  });

  mount(main,
    h('div', { class: 'village-head' },
      h('h1', {}, v.name), field('Village', switcher),
      h('p', { class: 'facts' }, `(${v.x}|${v.y}) · ${v.tribe} · population ${v.population} · loyalty ${v.loyalty} · culture points ${fmt(v.culture_points)}${v.founding ? ' · being founded' : ''}`),
      renameForm(view)),
    bar,
    h('section', { class: 'live', 'aria-label': 'Latest events' }, h('h2', {}, 'Latest events'),
      h('ul', { id: 'events', 'aria-live': 'polite' }, events.map((e) => h('li', {}, e)))),
    queues(view),
    h('section', {}, h('h2', {}, 'Resource fields'), h('ul', { class: 'buildings', id: 'fields' }, fields.map((b) => card(b, b.position)))),
    h('section', {}, h('h2', {}, 'Village'), h('ul', { class: 'buildings', id: 'slots' }, slots)),
    troopsSection(view, stock, affordable),
    h('p', {}, h('a', { href: '#/found' }, 'Found a new village…')));
}

function renameForm(view) {
  const name = h('input', { name: 'name', value: view.v.name, maxlength: 40, required: true });
  const submit = h('button', { type: 'submit' }, 'Rename');
  return h('form', { class: 'inline', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      await api('PUT', `/villages/${view.id}`, { body: { name: name.value } });
      session.villages = await api('GET', '/villages');
      say('Renamed.');
      await reload(view);
    });
  } }, field('New name', name), submit);
}

function emptySlot(view, position, stock, affordable) {
  const { v, cat } = view;
  const present = new Set(v.buildings.map((b) => b.building_type));
  const choices = Object.entries(cat.buildings).filter(([type, s]) => s.positions.includes(position)
    && (!s.tribe || s.tribe === v.tribe)
    && !(s.capital === 'capital_only' && !v.is_capital) && !(s.capital === 'not_in_capital' && v.is_capital)
    && (!present.has(type) || s.multiple_allowed) && !s.conflicts.some((c) => present.has(c)));
  // What can be built now first, then by name.
  const top = levels(v);
  const blocked = ([, s]) => s.prerequisites.some(([b, l]) => (top[b] || 0) < l);
  choices.sort((a, b) => blocked(a) - blocked(b) || a[1].name.localeCompare(b[1].name));
  if (!choices.length) return null;
  const select = h('select', { name: `build-${position}` }, choices.map(([type, s]) => h('option', { value: type }, s.name)));
  const detail = h('p', { class: 'cost' });
  const reason = h('p', { class: 'why', id: `why-${position}` });
  const btn = button('Build', (e) => act(e.target, () => upgrade(view, select.value, position)), { 'aria-describedby': reason.id });
  const refresh = () => {
    const info = nextLevel(cat, v, select.value, position, 0);
    mount(detail, costText(info.cost), h('span', {}, ` · ${seconds(info.time)}`));
    const why = [...info.reasons, ...shortfall(info.cost, stock(), v)];
    reason.textContent = why.join('. ');
    btn.disabled = why.length > 0;
  };
  select.addEventListener('change', refresh);
  refresh();
  affordable.push(refresh);
  return h('li', { class: 'building empty', dataset: { position } },
    h('h3', {}, `Empty slot ${position}`), field('Building', select), detail, reason, btn);
}

async function upgrade(view, type, position) {
  const reply = await api('POST', `/villages/${view.id}/buildings/${type}/upgrade`,
    { query: { position }, idempotent: true });
  say(`${title(type)} queued: ${reply.message}`);
  await reload(view);
}

function queues(view) {
  const { v } = view;
  const cancel = (q) => button('Cancel', (e) => act(e.target, async () => {
    const reply = await api('POST', `/villages/${view.id}/buildings/${q.id}/cancel`);
    say(`${reply.message}`);
    await reload(view);
  }));
  return h('section', { class: 'queues' },
    h('h2', {}, 'Queues'),
    h('h3', {}, 'Construction'),
    v.build_queue.length ? h('ol', { id: 'build-queue' }, v.build_queue.map((q) => h('li', {},
      `${title(q.building_type)} to level ${q.target_level} (slot ${q.position}) — `, countdown(q.complete_at), ' ', cancel(q))))
      : h('p', {}, 'Nothing under construction.'),
    h('h3', {}, 'Training'),
    v.training_queue.length ? h('ol', { id: 'training-queue' }, v.training_queue.map((t) => h('li', {},
      `${t.count - t.done} of ${t.count} ${title(t.unit)} (${title(t.building)}) — next `, countdown(t.next_at), ', all ', countdown(t.complete_at))))
      : h('p', {}, 'No troops in training.'),
    h('h3', {}, 'Research and smithy'),
    v.research_queue.length ? h('ol', {}, v.research_queue.map((r) => h('li', {},
      `${title(r.kind)} ${title(r.unit)}${r.kind === 'research' ? '' : ` to level ${r.level}`} — `, countdown(r.complete_at))))
      : h('p', {}, 'Nothing being researched.'));
}

function troopsSection(view, stock, affordable) {
  const { v, cat } = view;
  const top = levels(v);
  const mine = Object.entries(cat.units).filter(([, u]) => u.tribe === v.tribe);
  const home = Object.entries(v.troops).filter(([, n]) => n > 0);
  const rows = mine.map(([key, u]) => {
    const building = u.trained_in.find((b) => (top[b] || 0) > 0);
    const researched = !u.needs_research || v.researched.includes(key);
    const count = h('input', { type: 'number', min: 1, value: 1, name: `train-${key}`, 'aria-label': `How many ${u.name}`, class: 'count' });
    const why = h('span', { class: 'why' });
    const btn = button('Train', (e) => act(e.target, async () => {
      const reply = await api('POST', `/villages/${view.id}/troops/train`, { body: { unit: key, count: Number(count.value) }, idempotent: true });
      say(reply.message);
      await reload(view);
    }), { 'data-unit': key });
    const time = building ? Math.max(1, Math.round(u.training_time_s * cat.training_factor[Math.min(top[building], 20) - 1] / cat.game_speed)) : null;
    const refresh = () => {
      const n = Math.max(1, Number(count.value) || 1);
      const reasons = [];
      if (!building) reasons.push(`needs ${u.trained_in.map(title).join(' or ')}`);
      if (!researched) reasons.push('research it in the academy');
      const s = stock();
      const short = RES.filter((r) => u.cost[r] * n > s[r]);
      if (short.length) reasons.push(`not enough ${short.join(', ')}`);
      why.textContent = reasons.join('; ');
      btn.disabled = reasons.length > 0;
    };
    count.addEventListener('input', refresh);
    refresh();
    affordable.push(refresh);
    return h('tr', { dataset: { unit: key } }, h('th', { scope: 'row' }, u.name),
      h('td', {}, `${u.attack}/${u.def_infantry}/${u.def_cavalry}`), h('td', {}, costText(u.cost)),
      h('td', {}, time ? seconds(time) : '—'), h('td', {}, String(v.troops[key] || 0)),
      h('td', {}, count, ' ', btn, ' ', why));
  });
  // Academy research and smithy levels: base time x 0.964^(building level - 1) / speed.
  const academyTime = (base, level) => Math.max(1, Math.round(base * cat.academy_factor_per_level ** (level - 1) / cat.game_speed));
  const busy = (kind) => v.research_queue.some((r) => r.kind === kind);
  const offer = ({ label, cost, time, blockers, onclick, attrs }) => {
    const why = h('span', { class: 'why' });
    const btn = button(label, onclick, attrs);
    const refresh = () => {
      const reasons = [...blockers, ...(cost ? shortfall(cost, stock(), v) : [])];
      why.textContent = reasons.join('; ');
      btn.disabled = reasons.length > 0;
    };
    refresh();
    affordable.push(refresh);
    return [cost ? h('span', { class: 'cost' }, costText(cost), time ? ` · ${seconds(time)} ` : ' ') : null, btn, ' ', why];
  };
  const research = mine.filter(([key, u]) => u.needs_research && !v.researched.includes(key)).map(([key, u]) => {
    const missing = u.research_requirements.filter(([b, l]) => (top[b] || 0) < l);
    const blockers = [];
    if (!top.academy) blockers.push('needs an academy');
    if (missing.length) blockers.push(`needs ${missing.map(([b, l]) => `${title(b)} ${l}`).join(', ')}`);
    if (v.research_queue.some((r) => r.kind === 'research' && r.unit === key)) blockers.push('being researched');
    else if (busy('research')) blockers.push('the academy is busy');
    return h('li', { dataset: { research: key } }, `${u.name}: `, offer({
      label: 'Research', cost: u.research_cost, time: top.academy ? academyTime(u.research_time_base_s, top.academy) : null, blockers,
      onclick: (e) => act(e.target, async () => {
        const reply = await api('POST', `/villages/${view.id}/research`, { body: { unit: key }, idempotent: true });
        say(reply.message); await reload(view);
      }) }));
  });
  const smithy = mine.filter(([key, u]) => u.smithy_levels.length && (!u.needs_research || v.researched.includes(key))).map(([key, u]) => {
    const lv = v.smithy[key] || { weapons: 0, armour: 0 };
    const up = (kind, building) => {
      const queued = v.research_queue.filter((r) => r.kind === kind && r.unit === key).map((r) => r.level);
      const next = Math.max(lv[kind], ...queued) + 1;
      if (next > u.smithy_levels.length) return h('span', {}, `${title(kind)} at the maximum`);
      const step = u.smithy_levels[next - 1];
      const blockers = [];
      if (!top[building]) blockers.push(`needs ${title(building)}`);
      else if (next > top[building]) blockers.push(`level ${next} needs ${title(building)} ${next}`);
      if (busy(kind)) blockers.push(`the ${title(building).toLowerCase()} is busy`);
      return h('span', { class: 'smithy-step', dataset: { kind } }, offer({
        label: `${title(kind)} → ${next}`, cost: step.cost,
        time: top[building] ? academyTime(step.time_base_s, top[building]) : null, blockers,
        onclick: (e) => act(e.target, async () => {
          const reply = await api('POST', `/villages/${view.id}/smithy`, { body: { unit: key, kind }, idempotent: true });
          say(reply.message); await reload(view);
        }) }));
    };
    return h('li', { dataset: { smithy: key } }, `${u.name}: weapons ${lv.weapons}, armour ${lv.armour} `,
      up('weapons', 'blacksmith'), ' ', up('armour', 'armoury'));
  });
  return h('section', { class: 'troops' },
    h('h2', {}, 'Troops'),
    h('p', { id: 'troops-home' }, home.length ? `At home: ${home.map(([u, n]) => `${n} ${cat.units[u]?.name || u}`).join(', ')}` : 'No troops at home.'),
    h('div', { class: 'scroll' }, h('table', { id: 'train' }, h('caption', {}, 'Train (attack/defence inf./cav.)'),
      h('thead', {}, h('tr', {}, ['Unit', 'A/D/D', 'Cost each', 'Time each', 'Home', 'Train'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))),
    h('h3', {}, 'Academy'), research.length ? h('ul', {}, research) : h('p', {}, 'Everything is researched.'),
    h('h3', {}, 'Smithy'), h('ul', {}, smithy));
}

export async function found(main, { query }) {
  if (!session.villages.length) session.villages = await api('GET', '/villages');
  const x = h('input', { type: 'number', name: 'x', min: -400, max: 400, value: query.get('x') || '', required: true });
  const y = h('input', { type: 'number', name: 'y', min: -400, max: 400, value: query.get('y') || '', required: true });
  const from = h('select', { name: 'from' }, session.villages.map((v) => h('option', { value: v.id }, `${v.name} (${v.x}|${v.y})`)));
  const submit = h('button', { type: 'submit' }, 'Send three settlers');
  mount(main, h('form', { class: 'card narrow', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      const reply = await api('POST', '/villages/found', { query: { x: x.value, y: y.value, from_village_id: from.value }, idempotent: true });
      session.villages = await api('GET', '/villages');
      live.watch(reply.village_id);
      alertBox('');
      say(`${reply.message} Settlers arrive ${new Date(reply.arrives_at).toLocaleString()}.`);
      go(`#/village/${reply.village_id}`);
    });
  } }, h('h1', {}, 'Found a village'),
  h('p', {}, 'Three settlers from the chosen village found a new one on a free square.'),
  field('From', from), field('x', x), field('y', y), submit));
}
