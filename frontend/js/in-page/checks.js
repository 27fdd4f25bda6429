// The server's checks of a request, for the page that answers itself: the same rules and the
// same words as backend/latent_explorer/api/core.py (and grid.py, encode.py, media.py beside it),
// which are the reference; tests/browser/test_static_site.py holds the two to each other.
// A body is first sent through JSON, as a request's would be, so that the checks see what the
// server would see (NaN becomes null, -0 becomes 0, undefined keys vanish).
import { ApiError } from "../api-error.js";

// core.py's UNKNOWN_KEYS_SHOWN: an error names this many of a body's unknown keys.
const UNKNOWN_KEYS_SHOWN = 4;

export const refused = (message, status = 400) => new ApiError(message, status);

/** `value` as the server receives it: through JSON. */
export const asSent = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

// JSON.stringify writes a whole number below 1e21 without a fraction or an exponent: the server reads an int.
const sentAsInteger = (value) => Number.isInteger(value) && Math.abs(value) < 1e21;

/** Python's repr of a number the server read from the page's JSON: an int, or a float, whose repr has the same
 *  shortest digits as JavaScript's but switches to an exponent (of two digits at least) below 1e-4 and from 1e16. */
export function pythonNumber(x) {
  if (sentAsInteger(x)) return String(x);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [mantissa, exponent] = x.toExponential().split("e");
  const power = Number(exponent);
  return power >= -4 && power < 16 ? String(x) : `${mantissa}${pythonExponent(power)}`;
}

/** `x` as Python's format(x, `.${precision}g`) writes it, e.g. formatG(0.000012345, 3) is "1.23e-05". */
export function formatG(x, precision) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0`;
  const { digits, power } = significantDigits(Math.abs(x), precision);
  if (power < -4 || power >= precision) {
    return `${sign}${trimZeros(`${digits[0]}.${digits.slice(1)}`)}${pythonExponent(power)}`;
  }
  const fixed = power < 0 ? `0.${"0".repeat(-power - 1)}${digits}`
    : `${digits.slice(0, power + 1)}.${digits.slice(power + 1)}`;
  return sign + trimZeros(fixed);
}

// The first `precision` significant digits of x > 0 and the power of ten of the first, rounded half to even as
// Python rounds: JavaScript's toExponential takes an exact tie away from zero (1.125 to "1.13", Python "1.12"), so
// only its power of ten is used (a tie that carries into a new digit rounds up both ways), and the digits are
// rounded here from x's exact value, numerator / 2^twos.
function significantDigits(x, precision) {
  const power = Number(x.toExponential(precision - 1).split("e")[1]);
  let numerator = x;
  let twos = 0n;
  while (!Number.isInteger(numerator)) {
    numerator *= 2;
    twos += 1n;
  }
  const shift = precision - 1 - power;
  const top = BigInt(numerator) * 10n ** BigInt(Math.max(shift, 0));
  const bottom = (1n << twos) * 10n ** BigInt(Math.max(-shift, 0));
  const half = 2n * (top % bottom);
  let digits = top / bottom;
  if (half > bottom || (half === bottom && digits % 2n === 1n)) digits += 1n;
  return { digits: String(digits), power };
}

const pythonExponent = (power) => `e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
const trimZeros = (text) => (text.includes(".") ? text.replace(/\.?0*$/, "") : text);

function pythonString(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = [...text].map((character) => {
    if (character === "\\" || character === quote) return `\\${character}`;
    const named = { "\n": "\\n", "\r": "\\r", "\t": "\\t" }[character];
    if (named) return named;
    const code = character.codePointAt(0);
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
    return character;
  });
  return quote + escaped.join("") + quote;
}

function shortened(text, limit, whole) {
  if (text.length <= limit) return text;
  const head = Math.floor((limit - 3) / 2);
  const tail = limit - 3 - head;
  const redone = whole(head, tail);
  return redone.slice(0, head) + "..." + redone.slice(redone.length - tail);
}

/** Python's repr of a JSON value, in full (a list of numbers, as the server prints a point). */
export function pythonRepr(value) {
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return pythonString(value);
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return `{${Object.keys(value).sort().map((key) => `${pythonString(key)}: ${pythonRepr(value[key])}`).join(", ")}}`;
}

/** api/responses.py's `brief`: reprlib's repr with at most 4 items a level, 2 levels, 30 characters of a string. */
export function brief(value, level = 2) {
  if (Array.isArray(value) || (value !== null && typeof value === "object")) {
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    const keys = Array.isArray(value) ? null : Object.keys(value).sort();
    const count = keys ? keys.length : value.length;
    if (count === 0) return open + close;
    if (level <= 0) return `${open}...${close}`;
    const items = (keys ?? value).slice(0, 4).map((item) => (keys ? `${brief(item, level - 1)}: ${brief(value[item], level - 1)}` : brief(item, level - 1)));
    if (count > 4) items.push("...");
    return open + items.join(", ") + close;
  }
  if (typeof value === "string") {
    const whole = pythonString(value.slice(0, 30));
    return whole.length <= 30 ? whole : shortened(whole, 30, (head, tail) => pythonString(value.slice(0, head) + value.slice(value.length - tail)));
  }
  const text = pythonRepr(value);
  return sentAsInteger(value) ? shortened(text, 40, () => text) : shortened(text, 30, () => text);
}

/** core.py's json_object: the body as an object whose keys are among `allowed`. */
export function jsonObject(body, allowed) {
  const sorted = [...allowed].sort();
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw refused(`the request body must be a JSON object with the keys ${pythonRepr(sorted)}`);
  }
  const unknown = Object.keys(body).filter((key) => !allowed.has(key)).sort();
  if (unknown.length) {
    const names = unknown.slice(0, UNKNOWN_KEYS_SHOWN).map((name) => brief(name));
    const more = unknown.length > UNKNOWN_KEYS_SHOWN ? ` and ${unknown.length - UNKNOWN_KEYS_SHOWN} more` : "";
    throw refused(`unknown keys [${names.join(", ")}]${more}; allowed: ${pythonRepr(sorted)}`);
  }
  return body;
}

const isNumber = (value) => typeof value === "number";

/** core.py's _point_form: how a point of `dims` numbers is named in a message. */
const pointForm = (dims) => (dims === 3 ? "[x, y, z]" : `of ${dims} numbers`);

/** core.py's latent_point: `point` of `dims` numbers, the field `name` of a request, within ±`limit`. */
export function latentPoint(point, name, dims, limit) {
  if (!(Array.isArray(point) && point.length === dims && point.every(isNumber))) {
    const form = dims === 3 ? "[x, y, z] with three numbers" : `a list of ${dims} numbers`;
    throw refused(`'${name}' must be ${form}, got ${brief(point)}`);
  }
  if (!point.every((coordinate) => Math.abs(coordinate) <= limit)) {
    throw refused(`'${name}' must hold finite coordinates within ±${formatG(limit, 6)}, got ${brief(point)}`);
  }
  return point;
}

/** core.py's _points: a list of `range[0]` to `range[1]` points of `dims` numbers. */
export function pointsField(value, name, [least, most], dims, limit) {
  if (!Array.isArray(value) || value.length < least || value.length > most) {
    const got = Array.isArray(value) ? `${value.length} points` : brief(value);
    throw refused(`'${name}' must be a list of ${least} to ${most} points ${pointForm(dims)}, got ${got}`);
  }
  value.forEach((point, position) => latentPoint(point, `${name}[${position}]`, dims, limit));
  return value;
}

export function integerField(body, name, [least, most], fallback) {
  const value = name in body ? body[name] : fallback;
  if (!sentAsInteger(value) || value < least || value > most) {
    throw refused(`'${name}' must be an integer from ${least} to ${most}, got ${brief(value)}`);
  }
  return value;
}

export function numberField(body, name, [least, most], fallback) {
  const value = name in body ? body[name] : fallback;
  if (!isNumber(value) || !(value >= least && value <= most)) {
    throw refused(`'${name}' must be a number from ${formatG(least, 6)} to ${formatG(most, 6)}, got ${brief(value)}`);
  }
  return value;
}

export function booleanField(body, name, fallback) {
  const value = name in body ? body[name] : fallback;
  if (typeof value !== "boolean") throw refused(`'${name}' must be true or false, got ${brief(value)}`);
  return value;
}

/** core.py's classify_field: whether `body` asks for the class each image reads as, which needs the listing `entry`'s classifier. */
export function classifyField(entry, body) {
  const classify = booleanField(body, "classify", false);
  if (classify && !entry.classifier) {
    const how = entry.kind === "shipped" ? `train one with: latent-explorer train-classifier ${entry.id}`
      : "classifiers are trained for the shipped data sets only";
    throw refused(`'classify' asks for the class each image reads as, but ${entry.id} has no classifier; ${how}`);
  }
  return classify;
}

/** core.py's url_index: the whole number `text` of a URL, below `count`; a 404 naming `what` otherwise. */
export function urlIndex(text, count, what) {
  if (!(/^[0-9]{1,12}$/.test(text) && Number(text) < count)) {
    throw refused(`${what} must be an integer from 0 to ${count - 1}, got ${brief(text)}`, 404);
  }
  return Number(text);
}
