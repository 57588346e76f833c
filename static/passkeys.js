// Passkeys: signing in with one (the button, and the browser's autofill), adding one on the account
// page, and proving one instead of typing the password again on any form that asks for it.
// Without WebAuthn in the browser (or on a page reached by IP address) none of this shows, and the
// password forms work as ever.
(function () {
  "use strict";

  // WebAuthn's relying party is a host name: a page reached by a bare IP address cannot use passkeys.
  var host = window.location.hostname;
  var byName = !/^[0-9.]+$/.test(host) && host.indexOf(":") < 0 && host.charAt(0) !== "[";
  var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch) && byName;

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  if (!supported) {
    return;
  }
  each("[data-passkey-unsupported]", function (note) { note.hidden = true; });

  function fromBase64url(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The server's options with what is left unsaid dropped (WebIDL takes no null for a list).
  function withoutNulls(value) {
    if (Array.isArray(value)) { return value.map(withoutNulls); }
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (name) {
        if (value[name] !== null && value[name] !== undefined) { copy[name] = withoutNulls(value[name]); }
      });
      return copy;
    }
    return value;
  }

  function withIds(list) {
    return (list || []).map(function (credential) {
      var copy = Object.assign({}, credential);
      copy.id = fromBase64url(credential.id);
      return copy;
    });
  }

  function creationOptions(json) {
    var options = withoutNulls(json);
    options.challenge = fromBase64url(options.challenge);
    options.user = Object.assign({}, options.user, { id: fromBase64url(options.user.id) });
    if (options.excludeCredentials) { options.excludeCredentials = withIds(options.excludeCredentials); }
    return options;
  }

  function requestOptions(json) {
    var options = withoutNulls(json);
    options.challenge = fromBase64url(options.challenge);
    if (options.allowCredentials) { options.allowCredentials = withIds(options.allowCredentials); }
    return options;
  }

  function registration(credential) {
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        attestationObject: toBase64url(credential.response.attestationObject),
        clientDataJSON: toBase64url(credential.response.clientDataJSON)
      },
      extensions: {}
    };
  }

  function assertion(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        authenticatorData: toBase64url(response.authenticatorData),
        clientDataJSON: toBase64url(response.clientDataJSON),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : null
      },
      extensions: {}
    };
  }

  // Posts JSON with the page's CSRF token; resolves with the answer, rejects with it when refused.
  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (ignored) { data = null; }
        var answer = { ok: response.ok, status: response.status, data: data };
        if (!response.ok) { throw answer; }
        return answer;
      });
    });
  }

  // Words for a failure: the server's, or the page's own when the browser or the person stopped it.
  function reason(problem, fallback) {
    return (problem && problem.data && problem.data.message) || fallback;
  }

  function show(element, text) {
    element.textContent = text;
    element.hidden = false;
    element.focus();
  }

  // The sign-in page: the button, and the browser's autofill offering passkeys in the email field.
  each("[data-passkey-sign-in]", function (place) {
    var button = place.querySelector("button");
    var error = place.querySelector("[data-passkey-error]");
    var token = place.getAttribute("data-csrf");
    var waiting = null;
    place.hidden = false;

    function signIn(mediation, signal) {
      return post("/signin/passkey/options", {}, token).then(function (options) {
        var asked = { publicKey: requestOptions(options.data.public_key) };
        if (mediation) { asked.mediation = mediation; }
        if (signal) { asked.signal = signal; }
        return navigator.credentials.get(asked).then(function (credential) {
          var lifetime = document.getElementById("lifetime");
          return post("/signin/passkey", {
            challenge_id: options.data.challenge_id,
            credential: assertion(credential),
            next: place.getAttribute("data-next") || "",
            lifetime: lifetime ? lifetime.value : ""
          }, token).catch(function (refused) {
            // A passkey was chosen and its answer refused: that is worth saying.
            refused.answered = true;
            throw refused;
          });
        });
      }).then(function (answer) {
        window.location.assign(answer.data.redirect);
      });
    }

    // The autofill's request, while it waits: the button's replaces it once it has ended (a browser
    // takes one request at a time).
    var autofill = Promise.resolve();

    button.addEventListener("click", function () {
      if (waiting) { waiting.abort(); waiting = null; }
      error.hidden = true;
      button.disabled = true;
      autofill.then(function () {
        return signIn(null, null);
      }).catch(function (problem) {
        show(error, reason(problem, place.getAttribute("data-failed")));
      }).then(function () { button.disabled = false; });
    });

    if (PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (!available || typeof AbortController === "undefined" || waiting || button.disabled) { return; }
        waiting = new AbortController();
        autofill = signIn("conditional", waiting.signal).catch(function (problem) {
          // Given up for the button, nothing chosen, or the options not to be had: nothing to say
          // (the focus stays where the page put it).
          if (!problem || !problem.answered) { return; }
          show(error, reason(problem, place.getAttribute("data-failed")));
        });
      }, function () {});
    }
  });

  // The account page: adding a passkey, named, after the password (or a passkey) was proved.
  each("form[data-passkey-add]", function (form) {
    var error = form.querySelector("[data-passkey-error]");
    var token = form.querySelector("input[name=csrf]").value;
    var submit = form.querySelector("button[type=submit]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var password = form.elements.namedItem("password");
      error.hidden = true;
      submit.disabled = true;
      post("/account/passkeys/options", {
        name: form.elements.namedItem("name").value,
        password: password ? password.value : ""
      }, token).then(function (options) {
        return navigator.credentials.create({ publicKey: creationOptions(options.data.public_key) })
          .then(function (credential) {
            return post("/account/passkeys", {
              challenge_id: options.data.challenge_id,
              credential: registration(credential)
            }, token);
          });
      }).then(function (answer) {
        window.location.assign(answer.data.redirect);
      }).catch(function (problem) {
        show(error, reason(problem, error.getAttribute("data-failed")));
        submit.disabled = false;
      });
    });
  });

  // Any form asking for the password again: "Use a passkey instead" proves one, then sends the form
  // with no password, which the server lets through once.
  each("input[type=password][data-reauth]", function (input) {
    var form = input.form;
    var csrf = form && form.querySelector("input[name=csrf]");
    if (!csrf) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--quiet passkey-instead";
    button.textContent = input.getAttribute("data-reauth");
    var error = document.createElement("p");
    error.className = "alert";
    error.setAttribute("role", "alert");
    error.tabIndex = -1;
    error.hidden = true;
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", error);
    button.addEventListener("click", function () {
      error.hidden = true;
      button.disabled = true;
      post("/account/passkeys/reauth/options", {}, csrf.value).then(function (options) {
        return navigator.credentials.get({ publicKey: requestOptions(options.data.public_key) })
          .then(function (credential) {
            return post("/account/passkeys/reauth", {
              challenge_id: options.data.challenge_id,
              credential: assertion(credential)
            }, csrf.value);
          });
      }).then(function () {
        input.required = false;
        input.value = "";
        var submitter = form.querySelector("button[type=submit], button:not([type])");
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      }).catch(function (problem) {
        show(error, reason(problem, input.getAttribute("data-reauth-failed")));
      }).then(function () { button.disabled = false; });
    });
  });
})();
