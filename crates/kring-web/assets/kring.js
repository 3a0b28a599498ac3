// Kring: the staff menu on a phone, and the print button.
//
// Without this script the navigation list is always shown and the menu button stays hidden
// (kring.css shows the button only inside .kring-nav--collapsible). With it, a narrow screen
// shows the button and hides the list until the button is pressed; aria-expanded on the button
// says which, and the stylesheet reads it. Escape closes the open menu and puts focus back on
// the button. On a wide screen the list is always shown and the button is hidden.
(function () {
  'use strict';

  function enhance() {
    var button = document.querySelector('.kring-nav__toggle');
    var list = button && document.getElementById(button.getAttribute('aria-controls'));
    if (!list) {
      return;
    }
    var nav = button.closest('.kring-nav');
    nav.classList.add('kring-nav--collapsible');
    function setOpen(open) {
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    button.addEventListener('click', function () {
      setOpen(button.getAttribute('aria-expanded') !== 'true');
    });
    nav.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A button with data-kring-print prints the page (the access report); the print
  // stylesheet leaves out the navigation and the buttons.
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('[data-kring-print]')) {
      window.print();
    }
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', enhance);
  } else {
    enhance();
  }
})();
