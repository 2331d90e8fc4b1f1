// Quick capture: the text field's hint follows the kind chosen ("What was
// the call about?", "What is to be done?"). The form works without this.
"use strict";

(function () {
  document.addEventListener("change", function (e) {
    var kind = e.target;
    if (!kind.matches || !kind.matches("form.capture select[name=kind]")) return;
    var chosen = kind.options[kind.selectedIndex];
    var text = kind.form && kind.form.querySelector("input[name=subject]");
    if (chosen && text && chosen.dataset.placeholder) {
      text.placeholder = chosen.dataset.placeholder;
    }
  });
})();
