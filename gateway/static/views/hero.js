// The hero (/api/v1/hero): hire one in a village with a hero's mansion, health and
// experience, points to assign, revival, and the adventures on offer with countdowns.
import { api } from '../api.js';
import { session } from '../app.js';
import { act, button, countdown, field, fmt, h, mount, say, title } from '../ui.js';
import { seconds } from '../messages.js';

const RES = ['wood', 'clay', 'iron', 'crop'];
const POINTS = [['strength', 'Fighting strength'], ['off_bonus', 'Offence bonus'],
  ['def_bonus', 'Defence bonus'], ['resources', 'Resources']];

export async function show(main) {
  if (!session.villages.length) session.villages = await api('GET', '/villages');
  let hero;
  try {
    hero = await api('GET', '/hero');
  } catch (err) {
    if (err.code !== 'NOT_FOUND') throw err;
    return hireForm(main);
  }
  const adventures = await api('GET', '/hero/adventures');
  mount(main, h('h1', {}, 'Hero'), facts(hero), pointsForm(main, hero), revival(main, hero),
    adventureList(main, hero, adventures));
}

function hireForm(main) {
  const from = h('select', { name: 'village' }, session.villages.map((v) => h('option', { value: v.id }, `${v.name} (${v.x}|${v.y})`)));
  const submit = h('button', { type: 'submit' }, 'Hire a hero');
  mount(main, h('h1', {}, 'Hero'), h('form', { class: 'card narrow', id: 'hire-hero', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      await api('POST', '/hero', { body: { village_id: from.value }, idempotent: true });
      say('Your hero is ready.');
      await show(main);
    });
  } }, h('p', {}, 'You have no hero yet. A hero is hired in a village with a hero’s mansion.'),
  field('Village', from), submit));
}

function facts(hero) {
  const home = session.villages.find((v) => v.id === hero.home_village_id);
  const status = {
    home: 'at home', adventure: 'on an adventure', dead: 'dead', reviving: 'being revived',
  }[hero.status];
  return h('section', { id: 'hero-facts' }, h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', {}, status, hero.back_at ? [' — back ', countdown(hero.back_at)] : null,
      hero.revive_at ? [' — ready ', countdown(hero.revive_at)] : null),
    h('dt', {}, 'Home'), h('dd', {}, home ? `${home.name} (${home.x}|${home.y})` : hero.home_village_id),
    h('dt', {}, 'Level'), h('dd', {}, String(hero.level)),
    h('dt', {}, 'Experience'), h('dd', {}, hero.experience_next_level
      ? `${fmt(hero.experience)} of ${fmt(hero.experience_next_level)} for the next level` : fmt(hero.experience)),
    h('dt', {}, 'Health'), h('dd', {}, h('meter', { min: 0, max: 100, value: hero.health, 'aria-label': 'Health' }), ` ${hero.health} %`),
    h('dt', {}, 'Fighting strength'), h('dd', {}, fmt(hero.fighting_strength))));
}

function pointsForm(main, hero) {
  const inputs = POINTS.map(([key]) => h('input', {
    type: 'number', min: 0, max: hero.free_points, value: 0, name: key, class: 'count' }));
  const submit = h('button', { type: 'submit', disabled: hero.free_points === 0 }, 'Assign points');
  return h('form', { class: 'card', id: 'hero-points', onsubmit: (e) => {
    e.preventDefault();
    act(submit, async () => {
      const body = Object.fromEntries(POINTS.map(([key], i) => [key, Number(inputs[i].value) || 0]));
      await api('POST', '/hero/points', { body });
      say('Points assigned.');
      await show(main);
    });
  } }, h('h2', {}, 'Attributes'),
  h('p', {}, `${hero.free_points} free point${hero.free_points === 1 ? '' : 's'} (4 per level; at most 100 in each).`),
  POINTS.map(([key, label], i) => field(`${label} (now ${hero.points[key]})`, inputs[i])), submit);
}

function revival(main, hero) {
  if (hero.status !== 'dead') return null;
  const cost = RES.map((r) => `${title(r)} ${fmt(hero.revival_cost[r])}`).join(', ');
  return h('section', { class: 'card', id: 'hero-revival' }, h('h2', {}, 'Revival'),
    h('p', {}, `Costs ${cost} from the home village and takes ${seconds(hero.revival_seconds)}.`),
    button('Revive', (e) => act(e.target, async () => {
      await api('POST', '/hero/revive', { idempotent: true });
      say('The revival has begun.');
      await show(main);
    })));
}

function adventureList(main, hero, adventures) {
  const row = (a) => {
    let state;
    if (a.state === 'offered') {
      state = [`offered, expires `, countdown(a.expires_at), ' ',
        button('Send the hero', (e) => act(e.target, async () => {
          const sent = await api('POST', `/hero/adventures/${a.id}/start`, { idempotent: true });
          say(`The hero arrives ${new Date(sent.arrives_at).toLocaleTimeString()}.`);
          await show(main);
        }), { disabled: hero.status !== 'home', title: hero.status === 'home' ? null : 'the hero is not at home' })];
    } else if (a.state === 'going') state = ['on the way, arrives ', countdown(a.arrives_at)];
    else if (a.state === 'returning') state = ['returning, home ', countdown(a.returns_at)];
    else state = ['done'];
    const result = a.result ? ` — ${fmt(a.result.experience)} experience, −${a.result.health_loss} health`
      + `${a.result.died ? ', the hero died' : ''}; found ${RES.map((r) => `${fmt(a.result.resources[r])} ${r}`).join(', ')}` : '';
    return h('li', { dataset: { adventure: a.id } }, `(${a.x}|${a.y}) ${a.difficulty}: `, state, result);
  };
  return h('section', { id: 'adventures' }, h('h2', {}, 'Adventures'),
    adventures.length ? h('ul', {}, adventures.map(row)) : h('p', {}, 'No adventure on offer right now.'));
}
