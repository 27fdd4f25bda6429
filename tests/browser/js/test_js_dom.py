"""Unit tests of frontend/js/panels/dom.js, the panels' element helpers, in headless Chromium."""
from module_runner import run_module


def test_a_menu_offers_the_pages_choices_within_the_servers_range_and_its_default(js):
    result = run_module(js, "/js/panels/dom.js", """
      const offered = (choices, range, preferred) => {
        const select = document.createElement('select');
        module.offerChoices(select, choices, range, preferred, (value) => `${value} frames/s`);
        return { options: [...select.options].map((option) => [option.value, option.text]), value: select.value };
      };
      return [offered([5, 10, 15, 30], [1, 60], 15), offered([5, 10, 15, 30], [1, 20], 12)];
    """)
    assert result[0] == {"options": [["5", "5 frames/s"], ["10", "10 frames/s"], ["15", "15 frames/s"], ["30", "30 frames/s"]],
                         "value": "15"}
    assert result[1] == {"options": [["5", "5 frames/s"], ["10", "10 frames/s"], ["12", "12 frames/s"], ["15", "15 frames/s"]],
                         "value": "12"}, "30 is above the server's range; its default 12 joins the choices"


def test_a_clamped_number_is_said_next_to_its_field_and_the_note_goes_when_it_is_typed_in(js):
    result = run_module(js, "/js/panels/dom.js", """
      const label = document.createElement('label');
      const input = Object.assign(document.createElement('input'), { type: 'number' });
      label.append('Steps ', input);
      document.body.append(label);
      const note = () => (label.nextElementSibling?.hidden === false ? label.nextElementSibling.textContent : null);
      const seen = [];
      for (const typed of ['5000', '1', '40', 'x']) {
        input.value = typed;
        seen.push([module.clampedNumber(input, [2, 512], Math.round), note()]);
      }
      input.value = '5000';
      module.clampedNumber(input, [2, 512], Math.round);
      input.dispatchEvent(new Event('input'));
      seen.push(note());
      return seen;
    """)
    assert result == [[512, "5000 is above 512: using 512 (2 to 512)"], [2, "1 is below 2: using 2 (2 to 512)"],
                      [40, None], [None, None], None]
