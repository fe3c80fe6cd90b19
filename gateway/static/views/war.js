// Sending troops (travel time shown before sending), movements with countdowns, battle
// reports and merchants. These routes belong to the war part of the game: a gateway
// without them answers 404 NOT_FOUND, shown as "not available" instead of an error.
import { api, missing } from '../api.js';
import { catalog, go, session } from '../app.js';
import * as live from '../live.js';
import { act, alertBox, countdown, field, fmt, h, mount, say, title } from '../ui.js';
import { seconds } from '../messages.js';

const unavailable = (what) => h('p', { class: 'notice', id: 'not-available' },
  `${what} is not available on this server yet.`);

function villageSelect(name = 'from') {
  const current = sessionStorage.getItem('village');
  return h('select', { name }, session.villages.map((v) => h('option', { value: v.id, selected: v.id === current },
    `${v.name} (${v.x}|${v.y})`)));
}

/** Seconds for the army to cover the wrapped distance, as rules/travian/movement.py. */
export function travelSeconds(cat, from, to, units, tournamentLevel = 0) {
  const d = (a, b) => { const x = Math.abs(a - b); return Math.min(x, cat.map_size - x); };
  const dist = Math.hypot(d(from.x, to.x), d(from.y, to.y));
  const speeds = Object.entries(units).filter(([, n]) => n > 0).map(([u]) => cat.units[u].speed);
  if (!speeds.length || dist === 0) return null;
  const speed = Math.min(...speeds);
  let hours = dist / speed;
  const t = cat.tournament;
  if (tournamentLevel > 0 && dist > t.threshold_fields) {
    const bonus = 1 + t.bonus_percent_per_level * tournamentLevel / 100;
    hours = t.threshold_fields / speed + (dist - t.threshold_fields) / (speed * bonus);
  }
  return Math.max(1, Math.round(hours * 3600 / cat.game_speed));
}

export async function send(main, { query }) {
  const cat = await catalog();
  const from = villageSelect();
  const x = h('input', { type: 'number', name: 'x', min: -400, max: 400, value: query.get('x') || '', required: true });
  const y = h('input', { type: 'number', name: 'y', min: -400, max: 400, value: query.get('y') || '', required: true });
  const kind = h('select', { name: 'movement_type' }, ['attack', 'raid', 'reinforce'].map((k) => h('option', { value: k }, title(k))));
  const unitsBox = h('div', { class: 'units' });
  const eta = h('p', { class: 'eta', id: 'eta', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Send');
  let village = null;

  const counts = () => Object.fromEntries([...unitsBox.querySelectorAll('input')]
    .map((i) => [i.name, Number(i.value) || 0]).filter(([, n]) => n > 0));
  const update = () => {
    if (!village) return;
    const ts = (village.buildings.find((b) => b.building_type === 'tournament_square') || {}).level || 0;
    const secs = x.value !== '' && y.value !== '' ? travelSeconds(cat, village, { x: Number(x.value), y: Number(y.value) }, counts(), ts) : null;
    eta.textContent = secs ? `Travel time: ${seconds(secs)} (arrives about ${new Date(Date.now() + secs * 1000).toLocaleTimeString()})` : 'Choose a target and some troops to see the travel time.';
  };
  const loadVillage = async () => {
    village = await api('GET', `/villages/${from.value}`);
    const home = Object.entries(village.troops).filter(([, n]) => n > 0);
    mount(unitsBox, home.length ? home.map(([u, n]) => field(`${cat.units[u]?.name || u} (${n} at home)`,
      h('input', { type: 'number', name: u, min: 0, max: n, value: 0, oninput: update })))
      : h('p', {}, 'No troops at home in this village.'));
    update();
  };
  from.addEventListener('change', loadVillage);
  x.addEventListener('input', update); y.addEventListener('input', update);

  mount(main, h('form', { class: 'card', id: 'send-form', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      try {
        const reply = await api('POST', '/combat/attack', { idempotent: true, body: {
          from_village_id: from.value, to: { x: Number(x.value), y: Number(y.value) },
          movement_type: kind.value, units: counts() } });
        say(`${title(reply.movement_type)} sent; arrives ${new Date(reply.arrives_at).toLocaleTimeString()}.`);
        go('#/movements');
      } catch (err) {
        if (missing(err)) { alertBox(''); mount(main, h('h1', {}, 'Send troops'), unavailable('Sending troops')); return; }
        throw err;
      }
    });
  } }, h('h1', {}, 'Send troops'), field('From', from), h('div', { class: 'inline' }, field('Target x', x), field('Target y', y)),
  field('Mission', kind), h('fieldset', {}, h('legend', {}, 'Troops'), unitsBox), eta, submit));
  await loadVillage();
}

function movementItem(m) {
  // GET /combat/movements: {id, movement_type, state, origin, destination, arrives_at,
  // units (null when the army is not ours to see), loot, recallable_until}
  const where = (p) => `${p.name} (${p.x}|${p.y})`;
  const units = m.units && Object.keys(m.units).length
    ? ` · ${Object.entries(m.units).map(([u, n]) => `${n} ${title(u)}`).join(', ')}` : '';
  const when = m.state === 'stationed' ? [' · stationed'] : [' · arrives in ', countdown(m.arrives_at)];
  return h('li', { class: `movement ${m.movement_type}` },
    `${title(m.movement_type)} ${where(m.origin)} → ${where(m.destination)}${units}`, ...when);
}

export async function movements(main) {
  const from = villageSelect('village');
  const list = h('div', { id: 'movements' });
  const load = async () => {
    try {
      const data = await api('GET', '/combat/movements', { query: { village_id: from.value }, quiet: true });
      const { incoming, outgoing } = data;
      mount(list, h('h2', {}, 'Incoming'), incoming.length ? h('ul', {}, incoming.map(movementItem)) : h('p', {}, 'Nothing on its way here.'),
        h('h2', {}, 'Outgoing'), outgoing.length ? h('ul', {}, outgoing.map(movementItem)) : h('p', {}, 'No troops on the move.'));
    } catch (err) {
      mount(list, missing(err) ? unavailable('Troop movements') : h('p', { class: 'error' }, err.text));
    }
  };
  from.addEventListener('change', load);
  const off = live.onUpdate((f) => {
    if (!list.isConnected) { off(); return; }
    if (f.village_id === from.value && ['incoming_attack', 'troop_arrival'].includes(f.data.event)) load();
  });
  mount(main, h('h1', {}, 'Movements'), field('Village', from), list);
  await load();
}

export async function reports(main, { args }) {
  if (args[0]) return report(main, args[0]);
  const body = h('div', { id: 'reports' });
  const load = async () => {
    try {
      const page = await api('GET', '/combat/reports', { query: { page: 1, pageSize: 20 }, quiet: true });
      const items = page.items;
      mount(body, items.length ? h('ul', { class: 'reports' }, items.map((r) => h('li', {},
        h('a', { href: `#/reports/${r.id}` }, `${title(r.movement_type)}: ${r.attacker_village.name} → ${r.defender_village.name}`),
        ` · ${new Date(r.at).toLocaleString()}${r.read ? '' : ' · new'}`)))
        : h('p', {}, 'No reports yet.'), h('p', {}, `${page.total} report(s).`));
    } catch (err) {
      mount(body, missing(err) ? unavailable('Battle reports') : h('p', { class: 'error' }, err.text));
    }
  };
  // A new report arrives as it is written (the WebSocket's `report` event).
  const off = live.onUpdate((f) => {
    if (!body.isConnected) { off(); return; }
    if (f.data.event === 'report') load();
  });
  mount(main, h('h1', {}, 'Reports'), body);
  await load();
}

function table(caption, sides) {
  const units = [...new Set(sides.flatMap(([, m]) => Object.keys(m || {})))];
  if (!units.length) return null;
  return h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), units.map((u) => h('th', { scope: 'col' }, title(u))))),
    h('tbody', {}, sides.map(([label, m]) => h('tr', {}, h('th', { scope: 'row' }, label), units.map((u) => h('td', {}, fmt((m || {})[u] || 0)))))));
}

async function report(main, id) {
  // GET /combat/reports/{id}: attacker and defenders ({tribe, role, sent, lost}), loot,
  // buildings (level_before/after), loyalty, scouting
  try {
    const r = await api('GET', `/combat/reports/${encodeURIComponent(id)}`, { quiet: true });
    const place = (p) => `${p.name} (${p.x}|${p.y})`;
    const army = (caption, a) => table(caption, [['Sent', a.sent], ['Lost', a.lost]]);
    const loot = Object.entries(r.loot).map(([k, n]) => `${fmt(n)} ${k}`).join(', ');
    mount(main, h('h1', {}, `${title(r.movement_type)}: ${place(r.attacker_village)} → ${place(r.defender_village)}`),
      h('p', {}, h('a', { href: '#/reports' }, '← all reports')),
      h('p', {}, `Winner: ${r.winner} · ${new Date(r.at).toLocaleString()}`),
      army(`Attacker (${title(r.attacker.tribe)})`, r.attacker),
      ...r.defenders.map((d) => army(`${title(d.role)} (${title(d.tribe)})`, d)),
      h('p', {}, `Loot: ${loot} (carry ${fmt(r.carry_capacity)})`),
      r.buildings.length ? h('ul', {}, r.buildings.map((b) => h('li', {},
        `${title(b.building_type)}: level ${b.level_before} → ${b.level_after}`))) : null,
      r.loyalty_before !== r.loyalty_after ? h('p', {}, `Loyalty ${r.loyalty_before} → ${r.loyalty_after}${r.conquered ? ' · conquered' : ''}`) : null,
      r.scouting ? h('p', {}, `Scouting (${r.scouting.target}): ${r.scouting.succeeded ? 'succeeded' : 'failed'}`) : null);
  } catch (err) {
    mount(main, h('h1', {}, 'Battle report'), missing(err) ? unavailable('Battle reports') : h('p', { class: 'error' }, err.text));
  }
}

export async function merchants(main) {
  const from = villageSelect();
  const x = h('input', { type: 'number', name: 'x', min: -400, max: 400, required: true });
  const y = h('input', { type: 'number', name: 'y', min: -400, max: 400, required: true });
  const amounts = ['wood', 'clay', 'iron', 'crop'].map((r) => h('input', { type: 'number', name: r, min: 0, value: 0 }));
  const info = h('div', { id: 'merchants' });
  const submit = h('button', { type: 'submit' }, 'Send resources');
  const load = async () => {
    try {
      const m = await api('GET', `/villages/${from.value}/merchants`, { quiet: true });
      // GET /villages/{id}/merchants: {total, at_home, capacity, outgoing, incoming}
      const trip = (t) => h('li', {}, `${Object.entries(t.resources).map(([k, n]) => `${fmt(n)} ${k}`).join(', ')}`
        + ` · ${t.merchants} merchant(s) → (${t.to.x}|${t.to.y}) · arrives in `, countdown(t.arrives_at));
      mount(info, h('p', {}, `Merchants at home: ${m.at_home} of ${m.total}, each carries ${fmt(m.capacity)}.`),
        m.outgoing.length ? h('div', {}, h('h2', {}, 'Outgoing'), h('ul', {}, m.outgoing.map(trip))) : null,
        m.incoming.length ? h('div', {}, h('h2', {}, 'Incoming'), h('ul', {}, m.incoming.map(trip))) : null);
    } catch (err) {
      mount(info, missing(err) ? unavailable('The marketplace') : h('p', { class: 'error' }, err.text));
    }
  };
  from.addEventListener('change', load);
  mount(main, h('h1', {}, 'Merchants'), info, h('form', { class: 'card', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      const resources = Object.fromEntries(amounts.map((i) => [i.name, Number(i.value) || 0]));
      try {
        await api('POST', `/villages/${from.value}/merchants/send`, { idempotent: true, body: { to: { x: Number(x.value), y: Number(y.value) }, resources } });
        say('Merchants are on their way.'); await load();
      } catch (err) {
        if (missing(err)) { alertBox(''); mount(info, unavailable('The marketplace')); return; }
        throw err;
      }
    });
  } }, field('From', from), h('div', { class: 'inline' }, field('To x', x), field('To y', y)),
  h('div', { class: 'inline' }, amounts.map((i) => field(title(i.name), i))), submit));
  await load();
}
