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
