// Find: a sample index, or a class name (then a random member of it, another one each
// time), is flown to and shown in the hover panel as if hovered.
import { classNames, latentOf } from "../selectors.js";

export function createFindController(store, { view, hover }) {
  return {
    /** Returns a message for the user when `query` names nothing, else null. */
    find(query) {
      const state = store.get();
      if (!state.points) return null;
      const text = query.trim().replace(/^#/, "");
      let index = null;
      if (/^\d+$/.test(text)) {
        index = Number(text);
        if (index >= state.points.count) return `There is no image #${index}; this data set has #0 to #${state.points.count - 1}.`;
      } else {
        const names = classNames(state);
        const wanted = text.replace(/^class\s+/i, "").toLowerCase();
        const label = names.findIndex((name) => name.toLowerCase() === wanted);
        if (label === -1) return `"${text}" is neither an image number nor a class (${names.join(", ")}).`;
        // Another member each time: never the one shown now.
        const members = [];
        state.points.labels.forEach((value, i) => value === label && i !== state.found && members.push(i));
        if (members.length === 0) return `Class ${names[label]} has no other image.`;
        index = members[Math.floor(Math.random() * members.length)];
      }
      const lit = new Set(state.highlighted);
      // A point of a dimmed class cannot be seen or hovered: show all classes again.
      store.set({ found: index, highlighted: lit.size && !lit.has(state.points.labels[index]) ? [] : state.highlighted });
      hover.showPoint(index);
      view.flyTo(latentOf(store.get(), index));
      return null;
    },
  };
}
