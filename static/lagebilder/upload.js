/* Upload with a progress bar (XHR upload progress). No inline code: CSP-compatible.
   Without JavaScript the form posts normally. */
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var box = form.querySelector("[data-upload-progress]");
  var bar = box && box.querySelector("progress");
  var status = box && box.querySelector("[data-upload-status]");
  var fileInput = form.querySelector("input[type=file]");

  form.addEventListener("submit", function (event) {
    if (!fileInput || !fileInput.files || !fileInput.files.length || !box) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    box.hidden = false;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      status.textContent = percent + " % hochgeladen";
    });
    xhr.upload.addEventListener("load", function () {
      status.textContent = "Datei übertragen, wird geprüft …";
    });
    xhr.addEventListener("load", function () {
      var target = xhr.status === 204 && xhr.getResponseHeader("X-Weiter-Zu");
      if (target && target.charAt(0) === "/" && target.charAt(1) !== "/") {
        window.location.assign(target);
        return;
      }
      if (xhr.responseURL && xhr.responseURL.split("#")[0] !== window.location.href.split("#")[0]) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // Same page: the form came back with error messages; show it.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      if (button) { button.disabled = false; }
      status.textContent = "Der Upload ist fehlgeschlagen. Bitte versuchen Sie es erneut.";
    });
    xhr.send(new FormData(form));
  });
})();
