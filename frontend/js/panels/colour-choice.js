// "Colour by", in the classes panel: offered only for a data set of one class (a model added without
// labels), where one colour says nothing; there the points can take their colour from any one latent
// dimension instead (colour-by.js). Changing it recolours at once: no path or view is lost.
import { BY_CLASS, choicesOf } from "../colour-by.js";
import { datasetEntry } from "../selectors.js";

const optionText = (choice) => (choice === BY_CLASS ? "class (one colour)" : `latent dimension ${choice.slice("dim:".length)}`);

export function createColourChoice({ label, select }, { onChoose }) {
  select.addEventListener("change", () => onChoose(select.value));

  return function render(state, previous) {
    const entry = datasetEntry(state);
    if (entry !== datasetEntry(previous)) {
      const choices = choicesOf(entry);
      label.hidden = choices.length === 0;
      select.replaceChildren(...choices.map((choice) => new Option(optionText(choice), choice)));
    }
    if (!label.hidden && (entry !== datasetEntry(previous) || state.colourBy !== previous.colourBy)) select.value = state.colourBy;
  };
}
