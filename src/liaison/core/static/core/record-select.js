// Enter in a record picker's search box searches (htmx, as the person types) instead of
// sending the half-filled form around it. One listener for the whole page, so that pickers
// swapped in later (a step form opened in place) are covered too, and no inline handler
// (hx-on) that the Content Security Policy, which allows no eval, would refuse.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.matches(".liaison-record-select input[type=search]")) {
    event.preventDefault();
  }
});
