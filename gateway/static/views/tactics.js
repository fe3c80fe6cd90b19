// The tactics game: games list, new game, the board (tiles from /maps/{code}/tiles and
// the state), unit selection with where it may move and whom it may attack, move,
// attack, end turn with the AI's moves and the turn summary, three save slots,
// autosaves, load, and the turn history. The server decides every action; the
// highlights follow the documented topology (8 neighbours, Chebyshev range).
import { api } from '../api.js';
import { go } from '../app.js';
import { act, alertBox, button, field, h, mount, say, title } from '../ui.js';

const tilesCache = new Map();
const SLOTS = [1, 2, 3];

export async function list(main) {
  const difficulty = h('select', { name: 'difficulty' }, ['easy', 'normal', 'hard'].map((d) => h('option', { value: d, selected: d === 'normal' }, title(d))));
  const seed = h('input', { type: 'number', name: 'seed', min: 0, placeholder: 'random' });
  const submit = h('button', { type: 'submit' }, 'New game');
  const games = await api('GET', '/games', { query: { pageSize: 50, sort: 'lastTurnAt', order: 'desc' } });
  mount(main, h('h1', {}, 'Tactics'),
    h('form', { class: 'card inline', id: 'new-game', onsubmit: (e) => {
      e.preventDefault();
      act(submit, async () => {
        const settings = { difficulty: difficulty.value };
        if (seed.value !== '') settings.seed = Number(seed.value);
        const created = await api('POST', '/games', { body: { mapCode: 'default', settings }, idempotent: true });
        go(`#/game/${created.id}`);
      });
    } }, field('Difficulty', difficulty), field('Seed (optional)', seed), submit),
    h('h2', {}, 'Your games'),
    games.items.length ? h('table', { id: 'games' }, h('thead', {}, h('tr', {}, ['Game', 'Status', 'Turn', 'Last turn', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, games.items.map((g) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/game/${g.id}` }, `Game ${g.id}`)), h('td', {}, g.status), h('td', {}, String(g.turnNo)),
        h('td', {}, g.lastTurnAt ? new Date(g.lastTurnAt).toLocaleString() : '—'),
        h('td', {}, button('Delete', (e) => act(e.target, async () => {
          await api('DELETE', `/games/${g.id}`); say(`Game ${g.id} deleted.`); go('#/tactics');
        }), { 'aria-label': `Delete game ${g.id}` }))))))
      : h('p', {}, 'No games yet.'));
}

async function tiles(code) {
  if (!tilesCache.has(code)) {
    const all = [];
    for (let page = 1; ; page += 1) {
      const p = await api('GET', `/maps/${code}/tiles`, { query: { page, pageSize: 100 } });
      all.push(...p.items);
      if (page * p.pageSize >= p.total) break;
    }
    tilesCache.set(code, all);
  }
  return tilesCache.get(code);
}

const cheb = (a, b) => Math.max(Math.abs(a.row - b.row), Math.abs(a.col - b.col));

/** Tiles the unit may move to: BFS up to its move points over passable tiles, through
 * friendly units, never through enemies, ending on a free tile. */
export function reachable(g, unit) {
  const def = g.defs[unit.typeCode];
  const key = (r, c) => r * g.width + c;
  const seen = new Map([[key(unit.row, unit.col), 0]]);
  const out = new Set();
  let frontier = [[unit.row, unit.col]];
  for (let step = 1; step <= def.movePoints; step += 1) {
    const next = [];
    for (const [r, c] of frontier) {
      for (let dr = -1; dr <= 1; dr += 1) {
        for (let dc = -1; dc <= 1; dc += 1) {
          const nr = r + dr; const nc = c + dc; const k = key(nr, nc);
          if ((!dr && !dc) || nr < 0 || nc < 0 || nr >= g.height || nc >= g.width || seen.has(k)) continue;
          if (!g.passable.has(g.terrain[k])) continue;
          const other = g.unitAt.get(k);
          if (other && other.participantId !== unit.participantId) continue;
          seen.set(k, step);
          next.push([nr, nc]);
          if (!other) out.add(k);
        }
      }
    }
    frontier = next;
  }
  return out;
}

export function targets(g, unit) {
  const def = g.defs[unit.typeCode];
  return g.state.units.filter((u) => u.participantId !== unit.participantId
    && cheb(u, unit) >= def.rangeMin && cheb(u, unit) <= def.rangeMax);
}

export async function game(main, { args }) {
  const id = Number(args[0]);
  const [meta, state] = await Promise.all([api('GET', `/games/${id}`), api('GET', `/games/${id}/state`)]);
  const mapInfo = await api('GET', `/maps/${state.map.code}`);
  const tileList = await tiles(state.map.code);
  const g = { id, meta, state, width: state.map.width, height: state.map.height, selected: null, lastSummary: null,
    terrain: [], passable: new Set(mapInfo.topology.passable), defs: {}, unitAt: new Map() };
  for (const t of tileList) g.terrain[t.row * g.width + t.col] = t.terrain;
  g.resource = new Map(tileList.filter((t) => t.resourceType).map((t) => [t.row * g.width + t.col, t]));
  const board = h('div', { class: 'board', id: 'board', role: 'grid', 'aria-label': 'Board' });
  const side = h('div', { class: 'side' });
  const panel = { board, side, main };
  mount(main, h('h1', {}, `Tactics game ${id}`), h('p', {}, h('a', { href: '#/tactics' }, '← all games')),
    h('div', { class: 'game' }, board, side));
  g.panel = panel;
  board.addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const cell = e.target.closest('.cell');
    if (!moves[e.key] || !cell) return;
    e.preventDefault();
    const r = Number(cell.dataset.row) + moves[e.key][0]; const c = Number(cell.dataset.col) + moves[e.key][1];
    const next = board.querySelector(`.cell[data-row="${r}"][data-col="${c}"]`);
    if (next) { cell.tabIndex = -1; next.tabIndex = 0; next.focus(); }
  });
  setState(g, state);
  await sidebar(g);
}

function setState(g, state) {
  g.state = state;
  g.defs = Object.fromEntries(state.unitDefinitions.map((d) => [d.code, d]));
  g.unitAt = new Map(state.units.map((u) => [u.row * g.width + u.col, u]));
  g.cityAt = new Map(state.cities.map((c) => [c.row * g.width + c.col, c]));
  g.human = state.participants.find((p) => p.kind === 'human').id;
  if (g.selected && !state.units.some((u) => u.id === g.selected.id && !u.hasActed)) g.selected = null;
  else if (g.selected) g.selected = state.units.find((u) => u.id === g.selected.id);
  drawBoard(g);
}

const myTurn = (g) => g.state.game.status === 'active' && g.state.game.activeParticipantId === g.human;

function drawBoard(g) {
  const { board } = g.panel;
  const focused = document.activeElement?.closest?.('.cell');
  const focusKey = focused ? `${focused.dataset.row},${focused.dataset.col}` : null;
  board.style.setProperty('--cols', g.width);
  const moves = g.selected ? reachable(g, g.selected) : new Set();
  const hits = new Set(g.selected ? targets(g, g.selected).map((u) => u.id) : []);
  const cells = [];
  for (let r = 0; r < g.height; r += 1) {
    for (let c = 0; c < g.width; c += 1) {
      const k = r * g.width + c;
      const u = g.unitAt.get(k); const city = g.cityAt.get(k); const res = g.resource.get(k);
      const owner = (p) => (p === g.human ? 'mine' : 'enemy');
      const classes = ['cell', g.terrain[k]];
      const label = [`Row ${r + 1}, column ${c + 1}: ${g.terrain[k]}`];
      if (res) label.push(`${res.resourceType} ${res.resourceAmount}`);
      if (city) { classes.push('city', `city-${owner(city.participantId)}`); label.push(`${owner(city.participantId) === 'mine' ? 'your' : 'enemy'} city ${city.hp}/${city.maxHp} HP`); }
      if (u) {
        classes.push('unit', `unit-${owner(u.participantId)}`);
        if (u.hasActed) classes.push('acted');
        label.push(`${owner(u.participantId) === 'mine' ? 'your' : 'enemy'} ${u.typeCode} ${u.hp} HP${u.hasActed ? ', has acted' : ''}`);
      }
      if (g.selected && g.selected.id === u?.id) { classes.push('selected'); label.push('selected'); }
      if (moves.has(k)) { classes.push('can-move'); label.push('can move here'); }
      if (u && hits.has(u.id)) { classes.push('can-attack'); label.push('can attack'); }
      const cell = h('button', { type: 'button', class: classes.join(' '), role: 'gridcell', tabindex: -1,
        'aria-label': label.join(', '), dataset: { row: r, col: c, unit: u?.id, city: city?.id },
        onclick: () => clickCell(g, r, c) },
      city ? h('span', { class: 'city-hp' }, `${city.hp}`) : null,
      u ? h('span', { class: 'glyph' }, u.typeCode === 'warrior' ? '⚔' : '➶') : null,
      u ? h('span', { class: 'hp' }, String(u.hp)) : null);
      cells.push(cell);
    }
  }
  mount(board, cells);
  const back = focusKey && board.querySelector(`.cell[data-row="${focusKey.split(',')[0]}"][data-col="${focusKey.split(',')[1]}"]`);
  (back || board.querySelector('.selected') || board.firstElementChild).tabIndex = 0;
  if (back) back.focus();
}

async function clickCell(g, row, col) {
  const k = row * g.width + col;
  const u = g.unitAt.get(k);
  alertBox('');
  if (!myTurn(g)) { alertBox(g.state.game.status === 'active' ? 'Wait for your turn.' : 'This game is over.'); return; }
  if (u && u.participantId === g.human) {
    if (u.hasActed) { say(`This ${u.typeCode} has already acted this turn.`); return; }
    g.selected = g.selected?.id === u.id ? null : u;
    drawBoard(g);
    if (g.selected) say(`${u.typeCode} selected: ${reachable(g, u).size} squares in reach, ${targets(g, u).length} target(s).`);
    return;
  }
  if (!g.selected) return;
  const unit = g.selected;
  if (u) {
    const reply = await act(null, () => api('POST', `/games/${g.id}/actions/attack`, { body: { attackerUnitId: unit.id, targetUnitId: u.id }, idempotent: true }));
    if (reply) { say(`${unit.typeCode} attacked the ${u.typeCode}.`); after(g, reply.state); }
    return;
  }
  const reply = await act(null, () => api('POST', `/games/${g.id}/actions/move`, { body: { unitId: unit.id, to: { row, col } }, idempotent: true }));
  if (reply) { say(`${unit.typeCode} moved.`); after(g, reply.state); }
}

function after(g, state) {
  g.selected = null;
  setState(g, state);
  sidebar(g);
}

function summaryText(g, s) {
  if (!s) return [];
  const lines = [];
  const who = (pid) => (pid === g.human ? 'You' : 'AI');
  for (const part of [s.human, ...(s.ai || [])].filter(Boolean)) {
    for (const x of part.siege || []) lines.push(`${who(part.participantId)}: siege on city ${x.cityId}, −${x.damage} (now ${x.cityHp} HP)`);
    for (const x of part.captures || []) lines.push(`${who(part.participantId)}: captured city ${x.cityId}`);
    for (const x of part.produced || []) lines.push(`${who(part.participantId)}: a new ${x.typeCode || 'unit'}`);
    for (const c of part.cities || []) if (c.harvest) lines.push(`${who(part.participantId)}: city ${c.cityId} harvested ${c.harvest.iron} iron, ${c.harvest.stone} stone`);
  }
  return lines;
}

async function sidebar(g) {
  const { side } = g.panel;
  const st = g.state.game;
  const [saves, turns] = await Promise.all([
    api('GET', `/games/${g.id}/saves`),
    api('GET', `/games/${g.id}/turns`, { query: { order: 'desc', pageSize: 8, sort: 'turnNo' } })]);
  const lastAi = turns.items.find((t) => t.participantId !== g.human);
  const endBtn = button('End turn', (e) => act(e.target, async () => {
    const reply = await api('POST', `/games/${g.id}/end-turn`, { body: {}, idempotent: true });
    g.lastSummary = reply.turnSummary;
    say(reply.state.game.status === 'finished' ? 'The game is over.' : `Turn ${reply.state.game.turnNo}: your move.`);
    after(g, reply.state);
  }), { id: 'end-turn', disabled: !myTurn(g) });
  const winner = st.winnerParticipantId;
  const saveName = h('input', { name: 'save-name', value: `Turn ${st.turnNo}`, maxlength: 100 });
  const load = (saveId) => (e) => act(e.target, async () => {
    const reply = await api('POST', `/saves/${saveId}/load`, { body: {} });
    say(`Save loaded: turn ${reply.state.game.turnNo}.`);
    if (reply.gameId !== g.id) { go(`#/game/${reply.gameId}`); return; }
    after(g, reply.state);
  });
  const slotRow = (slot) => {
    const s = saves.manual.find((m) => m.slot === slot);
    return h('li', { dataset: { slot } }, h('strong', {}, `Slot ${slot}: `),
      s ? `${s.name} (turn ${s.turnNo}, ${new Date(s.createdAt).toLocaleTimeString()}) ` : 'empty ',
      button('Save here', (e) => act(e.target, async () => {
        await api('POST', `/games/${g.id}/saves/manual`, { body: { slot, name: saveName.value || `Turn ${st.turnNo}` }, idempotent: true });
        say(`Saved to slot ${slot}.`); sidebar(g);
      }), { 'aria-label': `Save to slot ${slot}` }), ' ',
      s ? button('Load', load(s.id), { 'aria-label': `Load slot ${slot}` }) : null, ' ',
      s ? button('Delete', (e) => act(e.target, async () => {
        await api('DELETE', `/games/${g.id}/saves/manual/${slot}`); say(`Slot ${slot} emptied.`); sidebar(g);
      }), { 'aria-label': `Delete slot ${slot}` }) : null);
  };
  const unitsLeft = (pid) => g.state.units.filter((u) => u.participantId === pid).length;
  mount(side,
    h('section', { class: 'turn', id: 'turn-info' },
      h('h2', {}, st.status === 'finished' ? (winner === g.human ? 'You won!' : 'The AI won.') : `Turn ${st.turnNo}`),
      h('p', {}, st.status === 'finished' ? 'The game is over.' : (myTurn(g) ? 'Your move: select a unit, then a highlighted square or enemy.' : 'The AI is playing…')),
      h('p', {}, `Your units ${unitsLeft(g.human)} · enemy units ${g.state.units.length - unitsLeft(g.human)} · cities ${g.state.cities.map((c) => `${c.participantId === g.human ? 'yours' : 'enemy'} ${c.hp}/${c.maxHp}`).join(', ')}`),
      endBtn),
    g.lastSummary ? h('section', { id: 'turn-summary' }, h('h2', {}, 'Last turn'),
      h('h3', {}, 'AI moves'), lastAi ? h('ul', {}, lastAi.actions.map((a) => h('li', {}, a.type === 'move' ? `unit ${a.unitId} moved to row ${a.to.row + 1}, column ${a.to.col + 1}`
        : a.type === 'attack' ? `unit ${a.attackerUnitId} attacked unit ${a.targetUnitId}` : 'ended its turn'))) : null,
      h('ul', {}, summaryText(g, g.lastSummary).map((l) => h('li', {}, l)))) : null,
    h('section', { id: 'saves' }, h('h2', {}, 'Saves'), field('Save name', saveName),
      h('ul', { class: 'slots' }, SLOTS.map(slotRow)),
      h('h3', {}, 'Autosaves'), saves.autosaves.length ? h('ul', {}, saves.autosaves.map((a) => h('li', {}, `Turn ${a.turnNo} `, button('Load', load(a.id), { 'aria-label': `Load autosave of turn ${a.turnNo}` })))) : h('p', {}, 'None yet.')),
    h('section', { id: 'history' }, h('h2', {}, 'Turn history'), h('ol', { reversed: true }, turns.items.map((t) => h('li', {},
      `Turn ${t.turnNo}, ${t.participantId === g.human ? 'you' : 'AI'}: ${t.actions.map((a) => a.type.replace('_', ' ')).join(', ') || 'nothing'}`)))));
}
