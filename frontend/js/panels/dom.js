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

/** The number typed in `input`, rounded by `round` and clamped into [low, high]; null when it is no number. */
export function clampedNumber(input, [low, high], round = (value) => value) {
  const value = round(Number(input.value));
  return input.value.trim() !== "" && Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : null;
}
