// Player rankings (paged), recomputed by the server's periodic job.
import { api } from '../api.js';
import { session } from '../app.js';
import { button, fmt, h, mount } from '../ui.js';

export async function show(main, { query }) {
  const page = Math.max(1, Number(query.get('page') || 1));
  const data = await api('GET', '/rankings/players', { query: { page, pageSize: 20 } });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  mount(main, h('h1', {}, 'Rankings'),
    data.items.length ? h('table', { id: 'rankings' }, h('caption', {}, `Players by population (page ${page} of ${pages})`),
      h('thead', {}, h('tr', {}, ['Rank', 'Player', 'Villages', 'Population'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, data.items.map((r) => h('tr', { class: r.player_id === session.user.id ? 'me' : null },
        h('td', {}, String(r.rank)), h('th', { scope: 'row' }, r.player + (r.inactive ? ' (inactive)' : '')),
        h('td', {}, String(r.villages)), h('td', {}, fmt(r.population)))))) : h('p', {}, 'The ranking is computed shortly; check back in a moment.'),
    h('p', { class: 'pager' },
      page > 1 ? button('Previous', () => { location.hash = `#/rankings?page=${page - 1}`; }) : null, ' ',
      page < pages ? button('Next', () => { location.hash = `#/rankings?page=${page + 1}`; }) : null));
}
