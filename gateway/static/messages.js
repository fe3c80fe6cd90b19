// A clear sentence for every error code of the contract (services/runtime/errors.py);
// tests/unit/test_webclient.py fails when a code has none. `e` is the ApiError.
const wait = (e) => (e.retryAfter ? ` Try again in ${seconds(e.retryAfter)}.` : ' Try again shortly.');

export function seconds(s) {
  s = Math.max(0, Math.round(Number(s)));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const MESSAGES = {
  INVALID_INPUT: (e) => `Please check the form: ${fields(e) || e.message}`,
  NOT_FOUND: () => 'Not found.',
  UNAUTHENTICATED: () => 'Your session has expired or you are signed out. Please sign in again.',
  UNAUTHORIZED: () => 'Please sign in.',
  FORBIDDEN: () => 'This is not allowed from here.',
  CSRF_FAILED: () => 'The page\'s security token was refused. Reload the page and try again.',
  RATE_LIMIT_EXCEEDED: (e) => `Too many requests.${wait(e)}`,
  IDEMPOTENCY_KEY_REUSED: () => 'This request was already sent with different content; please retry.',
  INTERNAL_ERROR: () => 'Something went wrong on the server. Please try again.',
  SERVICE_UNAVAILABLE: (e) => `The game is briefly unavailable.${wait(e)}`,
  DEADLINE_EXCEEDED: () => 'The server took too long to answer. Please try again.',
  CANCELLED: () => 'The request was cancelled.',
  CONFLICT: (e) => `That conflicts with the current state: ${e.message}`,
  FAILED_PRECONDITION: (e) => `Not possible right now: ${e.message}`,
  NOT_IMPLEMENTED: () => 'This is not available on this server yet.',
  PAYLOAD_TOO_LARGE: () => 'That request is too large.',
  USERNAME_TAKEN: () => 'That username is taken; choose another.',
  EMAIL_TAKEN: () => 'An account with that e-mail address exists already.',
  INVALID_CREDENTIALS: () => 'Wrong username or password.',
  LOGIN_LOCKED: (e) => `Too many failed sign-ins: this account is locked for now.${wait(e)}`,
  INVALID_RESET_TOKEN: () => 'This reset link is invalid, used or expired. Request a new one.',
  VILLAGE_NOT_FOUND: () => 'That village does not exist (or is not yours).',
  INSUFFICIENT_RESOURCES: (e) => `Not enough resources. ${e.message}`,
  PREREQUISITES_NOT_MET: (e) => `Prerequisites missing: ${e.message}`,
  QUEUE_FULL: () => 'The queue is full: wait for the current work to finish.',
  MAX_LEVEL_REACHED: () => 'This is at its maximum level.',
  POSITION_OCCUPIED: () => 'Something else stands on that slot.',
  INVALID_POSITION: () => 'That building cannot stand on this slot.',
  CANNOT_CANCEL: () => 'Nothing of that building is under way.',
  NOT_ENOUGH_SETTLERS: () => 'Founding a village needs three settlers at home.',
  COORDINATES_OCCUPIED: () => 'That square is taken (or being settled).',
  NOT_ENOUGH_CULTURE_POINTS: () => 'You need more culture points for another village.',
  NOT_ENOUGH_EXPANSION_SLOTS: () => 'No free expansion slot: raise the residence or palace first.',
  NOT_ENOUGH_UNITS: (e) => `Not that many troops are at home. ${e.message}`,
  RALLY_POINT_REQUIRED: () => 'Troops leave from the rally point: build one first.',
  TROOPS_NOT_AT_HOME: (e) => `Those troops are not at home. ${e.message}`,
  NO_VILLAGE_THERE: () => 'There is no village on that square.',
  SAME_VILLAGE: () => 'Troops cannot be sent to the village they leave from.',
  OWN_VILLAGE: () => 'You cannot attack, raid or scout your own village.',
  SCOUTS_ONLY: () => 'A scouting mission takes scouts only.',
  CATAPULT_TARGET_NOT_ALLOWED: (e) => `Catapults cannot aim at that yet. ${e.message}`,
  BEGINNER_PROTECTION: (e) => `That village is under beginner's protection. ${e.message}`,
  CANNOT_RECALL: () => 'Too late to call these troops back.',
  NOT_ENOUGH_MERCHANTS: (e) => `Not enough merchants at home for that load. ${e.message}`,
  HERO_UNAVAILABLE: (e) => `Your hero cannot do that now. ${e.message}`,
  NOT_ENOUGH_POINTS: () => 'Your hero has not that many free points.',
  OASIS_NOT_EMPTY: () => 'That oasis still has animals or another owner.',
  NO_OASIS_SLOT: () => "Your hero's mansion allows no more oases.",
  OUT_OF_REACH: () => 'That oasis is too far from the village (3 squares at most).',
  BUILDING_REQUIRED: (e) => `The building that trains this is missing. ${e.message}`,
  RESEARCH_REQUIRED: () => 'Research this unit in the academy first.',
  BUILDING_NOT_AVAILABLE: () => 'That building is not available to you.',
  REPORT_NOT_FOUND: () => 'That report does not exist.',
  GAME_NOT_FOUND: () => 'That game does not exist.',
  MAP_NOT_FOUND: () => 'No such map.',
  SAVE_NOT_FOUND: () => 'That save does not exist any more.',
  GAME_LIMIT_REACHED: () => 'You have too many active games; finish or delete one first.',
  NOT_PLAYER_TURN: () => 'It is not your turn (or the game is over).',
  NO_ACTIONS_LEFT: () => 'This unit has already acted this turn.',
  ONE_UNIT_PER_TILE: () => 'Another unit stands there.',
  SAVE_CONFLICT: () => 'That save slot changed meanwhile; reload the saves.',
  TURN_IN_PROGRESS: () => 'The turn is being played; wait a moment.',
  STATE_TOO_LARGE: () => 'The game state is too large to save.',
  ILLEGAL_MOVE: () => 'The unit cannot move there.',
  INVALID_TARGET: () => 'That is not an enemy unit.',
  OUT_OF_RANGE: () => 'The target is out of range.',
  MAP_SCHEMA_MISMATCH: () => 'This save is for another version of the map.',
  SCHEMA_MISMATCH: () => 'This save has an unsupported format.',
  SAVE_SLOT_OUT_OF_RANGE: () => 'Choose save slot 1, 2 or 3.',
  AI_TIMEOUT: () => 'The AI took too long; nothing was applied. End the turn again.',
  NETWORK: () => 'The server cannot be reached. Check the connection and try again.',
};

function fields(e) {
  const f = e.details && e.details.fields;
  if (!f) return '';
  return Object.entries(f).map(([k, v]) => `${k}: ${v}`).join('; ');
}

export function describe(e) {
  const fn = MESSAGES[e.code];
  return fn ? fn(e) : (e.message || `Error ${e.status}`);
}
