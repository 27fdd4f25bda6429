// A small element builder for the panels: el("li", {className: "x", dataset: {...}}, child...).
export function el(tag, properties = {}, ...children) {
  const element = document.createElement(tag);
  const { dataset = {}, style = {}, ...rest } = properties;
  Object.assign(element, rest);
  Object.assign(element.dataset, dataset);
  Object.assign(element.style, style);
  element.append(...children);
  return element;
}

export function formatPoint(point, digits = 2) {
  return `(${point.map((value) => value.toFixed(digits)).join(", ")})`;
}

/**
 * Fill `select` with the page's `choices` that lie in the server's [low, high], and the server's
 * `preferred` one (added if the page does not offer it), in order, `preferred` selected.
 */
export function offerChoices(select, choices, [low, high], preferred, label) {
  const values = [...new Set([...choices.filter((value) => value >= low && value <= high), preferred])].sort((a, b) => a - b);
  select.replaceChildren(...values.map((value) => new Option(label(value), String(value))));
  select.value = String(preferred);
}

/**
 * The number typed in `input`, rounded by `round` and clamped into [low, high]; null when it is no
 * number. A clamped number is said next to the field, so the change is never silent.
 */
export function clampedNumber(input, [low, high], round = (value) => value) {
  const value = round(Number(input.value));
  if (input.value.trim() === "" || !Number.isFinite(value)) return null;
  const clamped = Math.min(high, Math.max(low, value));
  sayNextTo(input, clamped === value ? null : clampNote(input.value.trim(), clamped, [low, high]));
  return clamped;
}

/** What clamping a typed value did, in a few words: "500 is above 10: using 10". */
export function clampNote(typed, used, [low, high]) {
  return `${typed.length > 12 ? `${typed.slice(0, 12)}…` : typed} is ${used === high ? "above" : "below"} ${used}: using ${used} (${low} to ${high})`;
}

const notes = new WeakMap(); // field -> the note shown next to it
const COPIED_NOTE_MS = 4000;

/**
 * Say `text` next to `field` (what the page did with what was typed there, or the answer to it);
 * null clears it. The note sits after the field's label (a button's: after its panel's heading
 * row, where it has room), is read out, and goes when the field is typed in again.
 */
export function sayNextTo(field, text) {
  let note = notes.get(field);
  if (!note) {
    if (!text) return;
    note = el("span", { className: "field-note", role: "status", dataset: { testid: "field-note" } });
    (field.closest("label, .panel-head") ?? field).after(note);
    field.addEventListener("input", () => sayNextTo(field, null));
    notes.set(field, note);
  }
  note.textContent = text ?? "";
  note.hidden = !text;
}

/**
 * Copy `value` as JSON (full precision: JSON keeps every digit of a double) and say so next to
 * `button`; without clipboard access the note holds the text to copy by hand.
 */
export async function copyJson(button, value, what) {
  const text = JSON.stringify(value);
  try {
    await navigator.clipboard.writeText(text);
    sayNextTo(button, `${what} copied`);
    setTimeout(() => sayNextTo(button, null), COPIED_NOTE_MS);
  } catch {
    sayNextTo(button, text); // an insecure origin or a denied permission: the numbers, to select
  }
}
