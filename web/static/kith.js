// Kith's JavaScript. Pages work without it; it only enhances them:
// GOV.UK Frontend components, and the warning before an idle sign-out.
(function () {
  'use strict'
  var body = document.body
  body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) {
    window.GOVUKFrontend.initAll()
  }

  var timeout = parseInt(body.getAttribute('data-idle-timeout'), 10)
  var warning = parseInt(body.getAttribute('data-idle-warning'), 10)
  if (!timeout || !warning || !window.fetch || !window.HTMLDialogElement) {
    return
  }

  // Typed work is never lost to a timeout: a form the user has changed is
  // submitted when the session ends, and the server keeps it for them until
  // they sign in again.
  var dirty = null
  document.addEventListener('input', function (e) {
    var form = e.target.form
    if (form && form.method === 'post' && !form.hasAttribute('data-no-keep')) {
      dirty = form
    }
  })
  document.addEventListener('submit', function () { dirty = null })

  var dialog, countdown, deadline, timer, tick

  function schedule (secondsLeft) {
    clearTimeout(timer)
    deadline = Date.now() + secondsLeft * 1000
    timer = setTimeout(check, Math.max(0, secondsLeft - warning) * 1000)
  }

  // Another tab may have kept the session alive: ask before warning.
  function check () {
    fetch('/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json() })
      .then(function (s) {
        if (!s.signed_in) { return end() }
        if (s.seconds_left > warning + 5) { return schedule(s.seconds_left) }
        deadline = Date.now() + s.seconds_left * 1000
        show()
      })
      .catch(function () { schedule(warning) })
  }

  function build () {
    dialog = document.createElement('dialog')
    dialog.className = 'kith-timeout'
    dialog.setAttribute('aria-labelledby', 'kith-timeout-heading')
    dialog.setAttribute('aria-describedby', 'kith-timeout-text')
    var h = document.createElement('h2')
    h.id = 'kith-timeout-heading'
    h.className = 'govuk-heading-m'
    h.tabIndex = -1
    h.textContent = 'You are about to be signed out'
    var p = document.createElement('p')
    p.id = 'kith-timeout-text'
    p.className = 'govuk-body'
    countdown = document.createElement('strong')
    p.appendChild(document.createTextNode('For your security, Kith will sign you out in '))
    p.appendChild(countdown)
    p.appendChild(document.createTextNode('. Anything you have typed on this page will be kept.'))
    var stay = document.createElement('button')
    stay.type = 'button'
    stay.className = 'govuk-button'
    stay.textContent = 'Stay signed in'
    stay.addEventListener('click', extend)
    var out = document.createElement('a')
    out.href = '/signed-out'
    out.className = 'govuk-link'
    out.textContent = 'Sign out'
    out.addEventListener('click', function (e) { e.preventDefault(); signOut() })
    var group = document.createElement('div')
    group.className = 'govuk-button-group'
    group.appendChild(stay)
    group.appendChild(out)
    dialog.appendChild(h)
    dialog.appendChild(p)
    dialog.appendChild(group)
    dialog.addEventListener('cancel', function (e) { e.preventDefault(); extend() })
    body.appendChild(dialog)
  }

  function show () {
    if (!dialog) { build() }
    update()
    if (!dialog.open) {
      dialog.showModal()
      document.getElementById('kith-timeout-heading').focus()
    }
    clearInterval(tick)
    tick = setInterval(update, 1000)
  }

  function update () {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000))
    if (left <= 0) { return end() }
    var m = Math.floor(left / 60)
    var s = left % 60
    countdown.textContent = m > 0 ? m + (m === 1 ? ' minute' : ' minutes') + (s ? ' ' + s + (s === 1 ? ' second' : ' seconds') : '') : s + (s === 1 ? ' second' : ' seconds')
  }

  function extend () {
    fetch('/session/extend', { method: 'POST', headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json() })
      .then(function (s) {
        if (!s.signed_in) { return end() }
        clearInterval(tick)
        if (dialog && dialog.open) { dialog.close() }
        schedule(s.seconds_left)
      })
      .catch(function () { schedule(warning) })
  }

  function signOut () {
    var f = document.getElementById('kith-sign-out')
    if (f) { f.submit() } else { window.location.href = '/signed-out' }
  }

  // end signs the user out. What they typed into an unsaved form goes to
  // the server to be kept (not saved), and comes back filled in when they
  // sign in again.
  function end () {
    clearInterval(tick)
    clearTimeout(timer)
    var next = window.location.pathname + window.location.search
    var body = new URLSearchParams()
    if (dirty) {
      // Passwords are never kept.
      Array.prototype.forEach.call(dirty.elements, function (el) {
        if (el.name && el.type !== 'password' && el.type !== 'file' && !((el.type === 'checkbox' || el.type === 'radio') && !el.checked)) {
          body.append(el.name, el.value)
        }
      })
      next = new URL(dirty.action, window.location.href).pathname
      body.append('kith_path', next)
    }
    var go = function (kept) {
      window.location.href = '/sign-in?reason=timeout&next=' + encodeURIComponent(next) + (kept ? '&kept=' + encodeURIComponent(kept) : '')
    }
    fetch('/session/timeout', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: body })
      .then(function (r) { return r.json() })
      .then(function (s) {
        // Still in use in another tab: carry on, and warn again later.
        if (s.signed_in) {
          if (dialog && dialog.open) { dialog.close() }
          return schedule(s.seconds_left)
        }
        go(s.kept)
      })
      .catch(function () { go('') })
  }

  schedule(timeout)
})();

// Drafts save themselves: a few seconds after the practitioner stops
// typing, and whenever they leave a field. The server keeps every version;
// the page only needs to carry the version it last saved.
(function () {
  'use strict'
  var form = document.querySelector('form[data-autosave]')
  if (!form || !window.fetch || !window.URLSearchParams) {
    return
  }
  var status = form.querySelector('.kith-autosave-status')
  var version = form.querySelector('input[name="version"]')
  var timer = null
  var changed = false
  var saving = false
  var stopped = false

  function say (text) {
    if (status) { status.textContent = text }
  }

  function save () {
    clearTimeout(timer)
    if (!changed || saving || stopped) { return }
    saving = true
    changed = false
    var body = new URLSearchParams()
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'file' || el.type === 'submit' || el.name === 'action') { return }
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) { return }
      body.append(el.name, el.value)
    })
    body.append('action', 'autosave')
    fetch(form.getAttribute('data-autosave'), {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: body
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j } })
    }).then(function (res) {
      if (res.body.saved) { version.value = res.body.version }
      if (afterSave()) { return }
      if (res.body.saved) {
        say('Draft saved at ' + res.body.saved_at)
        // Typing that arrived during the save is saved next.
        if (changed) {
          timer = setTimeout(save, 1000)
        } else {
          form.setAttribute('data-saved', 'true')
        }
      } else if (res.body.conflict) {
        stopped = true
        say(res.body.message + ' Select “Save draft” to see both versions.')
      } else {
        changed = true
        say('Not saved yet: ' + res.body.message + ' Your typing is still here.')
      }
    }).catch(function () {
      if (afterSave()) { return }
      changed = true
      say('Not saved: Kith cannot be reached. Your typing is still here; Kith will try again.')
      timer = setTimeout(save, 10000)
    })
  }

  form.addEventListener('input', function () {
    changed = true
    form.setAttribute('data-saved', 'false')
    clearTimeout(timer)
    timer = setTimeout(save, 3000)
  })
  form.addEventListener('focusout', function (e) {
    // Leaving a field for one of the form's buttons submits the form
    // itself; saving as well would race it.
    if (changed && !(e.relatedTarget && e.relatedTarget.type === 'submit')) { save() }
  })
  // A button pressed while a save is on its way waits for it, so the form
  // goes with the version that save made rather than conflicting with it.
  var pending = null
  form.addEventListener('submit', function (e) {
    clearTimeout(timer)
    stopped = true
    if (saving) {
      e.preventDefault()
      pending = e.submitter || true
    }
  })
  function afterSave () {
    saving = false
    if (pending) {
      var button = pending
      pending = null
      if (button === true) { form.submit() } else { form.requestSubmit(button) }
      return true
    }
    return false
  }
})()
