// The world map: a window of radius up to 15 around (x|y), panned by the arrow keys
// (Shift: 5 squares) or by dragging; a square's details on click/Enter.
import { api } from '../api.js';
import { catalog, session } from '../app.js';
import { field, h, mount, title } from '../ui.js';

const wrap = (n, size) => ((n + (size - 1) / 2) % size + size) % size - (size - 1) / 2;

export async function show(main, { query }) {
  const cat = await catalog();
  const home = session.villages.find((v) => v.id === sessionStorage.getItem('village')) || session.villages[0] || { x: 0, y: 0 };
  const state = { x: Number(query.get('x') ?? home.x), y: Number(query.get('y') ?? home.y), radius: Number(query.get('r') || 7), data: null, selected: null };
  const grid = h('div', { class: 'map-grid', id: 'map-grid', role: 'grid', tabindex: 0,
    'aria-label': 'World map: arrow keys pan, Tab to a square and Enter for details' });
  const details = h('aside', { class: 'map-details', id: 'map-details', 'aria-live': 'polite' }, h('p', {}, 'Select a square for its details.'));
  const where = h('p', { class: 'where' });
  const radius = h('select', { name: 'radius' }, [3, 5, 7, 10, 15].map((r) => h('option', { value: r, selected: r === state.radius }, String(r))));
  const gx = h('input', { type: 'number', name: 'x', min: -400, max: 400, value: state.x });
  const gy = h('input', { type: 'number', name: 'y', min: -400, max: 400, value: state.y });
  const goBtn = h('button', { type: 'submit' }, 'Go');
  let timer = null;

  const load = async () => {
    state.data = await api('GET', '/map', { query: { x: state.x, y: state.y, radius: state.radius } });
    draw();
  };
  const pan = (dx, dy) => {
    state.x = wrap(state.x + dx, cat.map_size);
    state.y = wrap(state.y + dy, cat.map_size);
    gx.value = state.x; gy.value = state.y;
    where.textContent = `Centre (${state.x}|${state.y})`;
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  };

  function draw() {
    const { data } = state;
    const size = 2 * data.radius + 1;
    grid.style.setProperty('--cols', size);
    const byKey = new Map(data.squares.map((s) => [`${s.x}|${s.y}`, s]));
    const cells = [];
    for (let dy = data.radius; dy >= -data.radius; dy -= 1) {
      for (let dx = -data.radius; dx <= data.radius; dx += 1) {
        const x = wrap(data.x + dx, cat.map_size); const y = wrap(data.y + dy, cat.map_size);
        const s = byKey.get(`${x}|${y}`);
        if (!s) { cells.push(h('span', { class: 'sq' })); continue; }
        const own = s.village && s.village.player_id === session.user.id;
        const kind = s.village ? (own ? 'own' : 'occupied') : s.kind;
        const label = s.village ? `${s.village.name} of ${s.village.player} (${x}|${y})` : `${title(s.oasis_type || s.kind)} (${x}|${y})`;
        cells.push(h('button', { type: 'button', class: `sq ${kind}${s.village?.inactive ? ' inactive' : ''}`,
          'aria-label': label, title: label, dataset: { x, y },
          onclick: () => { state.selected = s; describeSquare(s); } }, s.village ? (own ? '★' : '●') : (s.kind === 'oasis' ? '◆' : '')));
      }
    }
    mount(grid, cells);
    where.textContent = `Centre (${data.x}|${data.y}), radius ${data.radius}`;
  }

  function describeSquare(s) {
    const parts = [h('h2', {}, `(${s.x}|${s.y}) · ${title(s.kind)}`)];
    if (s.layout) parts.push(h('p', {}, `Fields ${s.layout} (wood-clay-iron-crop)`));
    if (s.oasis_type) {
      parts.push(h('p', {}, `Oasis: ${title(s.oasis_type)}`));
      if (s.oasis_bonus) parts.push(h('p', {}, 'Bonus: ', Object.entries(s.oasis_bonus).filter(([, b]) => b).map(([r, b]) => `${r} +${b}%`).join(', ')));
      const animals = Object.entries(s.animals || {}).filter(([, n]) => n);
      parts.push(h('p', {}, animals.length ? `Animals: ${animals.map(([a, n]) => `${n} ${title(a)}`).join(', ')}` : 'No animals.'));
    }
    if (s.village) {
      const v = s.village;
      parts.push(h('p', {}, `${v.name} — ${v.player} (${v.tribe}), population ${v.population}${v.inactive ? ', inactive' : ''}${v.founding ? ', being founded' : ''}`));
    }
    const links = [];
    if (!(s.village && s.village.player_id === session.user.id)) links.push(h('a', { href: `#/send?x=${s.x}&y=${s.y}` }, 'Send troops here'));
    if (s.kind === 'village' && !s.village) links.push(h('a', { href: `#/found?x=${s.x}&y=${s.y}` }, 'Found a village here'));
    if (s.village && s.village.player_id === session.user.id) links.push(h('a', { href: `#/village/${s.village.id}` }, 'Open village'));
    parts.push(h('p', { class: 'links' }, links.flatMap((l, i) => (i ? [' · ', l] : [l]))));
    mount(details, parts);
  }

  grid.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 5 : 1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) { e.preventDefault(); pan(...moves[e.key]); }
  });
  let drag = null;
  grid.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; });
  grid.addEventListener('pointermove', (e) => {
    if (!drag || !(e.buttons & 1)) return;
    const cell = grid.firstElementChild?.getBoundingClientRect().width || 20;
    const dx = Math.trunc((drag.x - e.clientX) / cell); const dy = Math.trunc((e.clientY - drag.y) / cell);
    if (dx || dy) { drag.moved = true; drag.x -= dx * cell; drag.y += dy * cell; pan(dx, dy); }
  });
  grid.addEventListener('pointerup', () => { drag = null; });
  grid.addEventListener('click', (e) => { if (drag?.moved) e.stopPropagation(); }, true);
  radius.addEventListener('change', () => { state.radius = Number(radius.value); load(); });

  mount(main, h('h1', {}, 'Map'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); state.x = Number(gx.value); state.y = Number(gy.value); load(); } },
      field('x', gx), field('y', gy), field('Radius', radius), goBtn),
    where,
    h('div', { class: 'map-wrap' }, grid, details),
    h('p', { class: 'legend' }, '★ your village · ● other village · ◆ oasis · plain: free village square · dark: wilderness'));
  await load();
}
