// Find: a sample index, or a class (its name or a part of it; then a random member of it,
// another one each time), is flown to and shown in the hover panel as if hovered. Every
// Enter gets an answer: what was found, or what to type instead.
import { classNames, latentOf } from "../selectors.js";

/** "a 3", "an 8", "an Ankle boot". */
const withArticle = (name) => `${/^[aeiou8]/i.test(name) ? "an" : "a"} ${name}`;

export function createFindController(store, { view, hover }) {
  /** Fly to data point `index` and show it as if hovered. */
  function show(index) {
    const state = store.get();
    const lit = new Set(state.highlighted);
    // A point of a dimmed class cannot be seen or hovered: show all classes again.
    store.set({ found: index, highlighted: lit.size && !lit.has(state.points.labels[index]) ? [] : state.highlighted });
    hover.showPoint(index);
    view.flyTo(latentOf(store.get(), index));
  }

  /** The labels of the classes `text` may mean: "class x" names x exactly; else each class whose name holds `text`. */
  function classesNamed(text) {
    const names = classNames(store.get());
    const exact = /^class\s+/i.test(text);
    const wanted = text.replace(/^class\s+/i, "").toLowerCase();
    const same = names.findIndex((name) => name.toLowerCase() === wanted);
    if (exact && same !== -1) return [same];
    return names.flatMap((name, label) => (name.toLowerCase().includes(wanted) ? [label] : []));
  }

  return {
    /** What `query` found, for the user: {said, problem: whether nothing was shown}; null before the points are in. */
    find(query) {
      const state = store.get();
      if (!state.points) return null;
      const names = classNames(state);
      const last = state.points.count - 1;
      const text = query.trim().replace(/^#/, "");
      if (text === "") {
        return { said: `Type an image number (0 to ${last.toLocaleString("en")}) or a class (${names.slice(0, 2).join(", ")}…), then Enter.`,
                 problem: true };
      }
      if (/^\d+$/.test(text)) {
        const index = Number(text);
        if (index > last) return { said: `There is no image #${index}; this data set has #0 to #${last}.`, problem: true };
        show(index);
        const alsoClass = names.includes(text) ? `; for the class type "class ${text}"` : "";
        return { said: `image ${index} (${withArticle(names[state.points.labels[index]])})${alsoClass}`, problem: false };
      }
      const labels = classesNamed(text);
      if (labels.length === 0) return { said: `"${text}" is neither an image number nor a class (${names.join(", ")}).`, problem: true };
      if (labels.length > 1) {
        return { said: `"${text}" is in ${labels.length} classes: type ${labels.map((label) => `"class ${names[label]}"`).join(" or ")}.`,
                 problem: true };
      }
      const [label] = labels;
      // Another member each time: never the one shown now.
      const members = [];
      state.points.labels.forEach((value, i) => value === label && i !== state.found && members.push(i));
      if (members.length === 0) return { said: `Class ${names[label]} has no other image.`, problem: true };
      const index = members[Math.floor(Math.random() * members.length)];
      show(index);
      return { said: `image ${index} (${withArticle(names[label])}); Enter again for another`, problem: false };
    },
  };
}
