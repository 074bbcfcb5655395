// Kith's JavaScript. Pages work without it; it only enhances them:
// GOV.UK Frontend components, and the warning before an idle sign-out.
(function () {
  'use strict'
  var body = document.body
  body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) {
    window.GOVUKFrontend.initAll()
  }

  // A table in a scroll region (.kith-table-scroll) is a tab stop so that
  // keyboard users can scroll it sideways; where the table fits, the
  // region does not scroll and needs no tab stop.
  var scrollers = document.querySelectorAll('.kith-table-scroll')
  function scrollStops () {
    for (var i = 0; i < scrollers.length; i++) {
      if (scrollers[i].scrollWidth > scrollers[i].clientWidth) {
        scrollers[i].setAttribute('tabindex', '0')
      } else if (scrollers[i] !== document.activeElement) {
        scrollers[i].removeAttribute('tabindex')
      }
    }
  }
  if (scrollers.length) {
    scrollStops()
    window.addEventListener('resize', scrollStops)
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
    // Leaving now is not the user's doing: don't ask them first.
    document.body.setAttribute('data-leaving', 'true')
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
        var n = res.body.to_correct
        say('Draft saved at ' + res.body.saved_at + (res.body.notice ? '. ' + res.body.notice : '') +
          (n ? '. ' + n + (n === 1 ? ' answer needs' : ' answers need') + ' correcting or checking before you finalise; it is kept as you typed it.' : ''))
        // Typing that arrived during the save is saved next.
        if (changed) {
          timer = setTimeout(save, 1000)
        } else {
          form.setAttribute('data-saved', 'true')
        }
      } else if (res.body.conflict) {
        stopped = true
        say(res.body.message + ' Select “Save draft” to see both versions.')
      } else if (res.status === 503) {
        // The server cannot write just now: keep trying, quietly.
        changed = true
        say((res.body.detail || res.body.message) + ' Kith will try again.')
        timer = setTimeout(save, 10000)
      } else {
        changed = true
        say('Not saved yet: ' + (res.body.message || res.body.detail) + ' Your typing is still here.')
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
      if (button === true) {
        // submit() fires no submit event: say the page is leaving by choice.
        document.body.setAttribute('data-leaving', 'true')
        form.submit()
      } else { form.requestSubmit(button) }
      return true
    }
    return false
  }
})()

// Leaving a page with typing that is not yet saved asks first. A draft
// that has saved itself since the last keystroke does not ask, nor does a
// sign-out for inactivity (which keeps the typing for the user).
;(function () {
  'use strict'
  var typed = null
  document.addEventListener('input', function (e) {
    var form = e.target.form
    if (form && form.method === 'post' && !form.hasAttribute('data-no-keep') && e.target.type !== 'password') { typed = form }
  })
  document.addEventListener('submit', function (e) { if (e.target === typed) { typed = null } })
  window.addEventListener('beforeunload', function (e) {
    if (!typed || document.body.getAttribute('data-leaving') === 'true') { return }
    if (typed.hasAttribute('data-autosave') && typed.getAttribute('data-saved') === 'true') { return }
    e.preventDefault()
    e.returnValue = ''
  })
})()

// The writing coach as you type: a moment after typing stops, the draft's
// sections go to the API and what the coach finds is shown under each
// section. Without JavaScript, "Check my writing" does the same on the
// server, with the same findings.
;(function () {
  'use strict'
  var form = document.querySelector('form[data-record]')
  var panel = document.getElementById('quality')
  if (!form || !panel || !window.fetch || !window.FormData || !window.JSON) { return }
  var endpoint = panel.getAttribute('data-quality-endpoint')
  var status = panel.querySelector('.kith-quality__status')
  var timer
  var asked = 0
  form.addEventListener('input', function (e) {
    var name = e.target.name || ''
    if (name !== 'headline' && name.indexOf('s.') !== 0) { return }
    clearTimeout(timer)
    timer = setTimeout(check, 1200)
  })

  // sections reads the form into the API's sections, as the server reads
  // the same form when it is posted.
  function sections () {
    var out = {}
    var data = new FormData(form)
    data.forEach(function (value, name) {
      var m = /^s\.([a-z][a-z0-9_]*)(?:\.(.+))?$/.exec(name)
      if (!m || typeof value !== 'string') { return }
      var sec = out[m[1]] || (out[m[1]] = {})
      var rest = m[2] || ''
      var row = /^(\d+)\.(what|who|who_ref|by)$/.exec(rest)
      if (row) {
        sec.actions = sec.actions || []
        var a = sec.actions[row[1]] || (sec.actions[row[1]] = { what: '', who: '', by: '' })
        if (row[2] === 'who_ref') { a.who = a.who || (value ? 'chosen' : '') } else { a[row[2]] = a[row[2]] || value }
      } else if (rest === 'reason' || rest === 'others') {
        sec[rest] = value
      } else if (rest === '') {
        if (value === 'yes' || value === 'no') { sec.answer = value } else { sec.text = value }
      }
    })
    Object.keys(out).forEach(function (k) {
      if (out[k].actions) { out[k].actions = out[k].actions.filter(function (a) { return a && (a.what || a.who || a.by) }) }
    })
    return out
  }

  function check () {
    var mine = ++asked
    var head = form.querySelector('[name="headline"]')
    fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ record: form.getAttribute('data-record'), headline: head ? head.value : '', sections: sections() })
    }).then(function (r) { return r.ok ? r.json() : null })
      .then(function (res) { if (res && mine === asked) { show(res) } })
      .catch(function () {})
  }

  function show (res) {
    var bySection = {}
    res.findings.forEach(function (f) {
      var key = f.part.split('.')[0]
      ;(bySection[key] = bySection[key] || []).push(f)
    })
    // A dismissal reason being typed survives the findings being redrawn.
    var typed = {}
    Array.prototype.forEach.call(form.querySelectorAll('input[name^="dismiss."]'), function (i) { typed[i.name] = i.value })
    var boxes = form.querySelectorAll('[data-quality-section]')
    Array.prototype.forEach.call(boxes, function (box) {
      while (box.firstChild) { box.removeChild(box.firstChild) }
      ;(bySection[box.getAttribute('data-quality-section')] || []).forEach(function (f) { box.appendChild(finding(f)) })
    })
    Array.prototype.forEach.call(form.querySelectorAll('input[name^="dismiss."]'), function (i) {
      if (typed[i.name]) { i.value = typed[i.name] }
    })
    var c = res.counts
    var parts = []
    if (c.error) { parts.push(c.error + ' to fix before you finalise.') }
    if (c.warning) { parts.push(c.warning + ' to check.') }
    if (c.suggestion) { parts.push(c.suggestion + (c.suggestion === 1 ? ' suggestion.' : ' suggestions.')) }
    status.textContent = parts.length ? parts.join(' ') + ' Each is shown under its section.' : 'Nothing to suggest in this draft.'
  }

  function el (tag, cls, text) {
    var e = document.createElement(tag)
    if (cls) { e.className = cls }
    if (text) { e.textContent = text }
    return e
  }

  // finding builds one finding as the server's template does.
  function finding (f) {
    var box = el('div', 'kith-finding kith-finding--' + f.level + (f.dismissed ? ' kith-finding--dismissed' : ''))
    box.id = 'finding-' + f.key
    var top = el('p', 'govuk-body-s govuk-!-margin-bottom-1')
    var tags = { error: 'govuk-tag--red', warning: 'govuk-tag--yellow', suggestion: 'govuk-tag--blue' }
    var labels = { error: 'Must fix', warning: 'Check', suggestion: 'Suggestion' }
    top.appendChild(el('strong', 'govuk-tag ' + tags[f.level], f.dismissed ? 'Dismissed' : labels[f.level]))
    top.appendChild(document.createTextNode(' '))
    top.appendChild(el('span', 'govuk-!-font-weight-bold', f.category_label || ''))
    box.appendChild(top)
    var ctx = context(f)
    if (ctx) { box.appendChild(ctx) }
    box.appendChild(el('p', 'govuk-body-s govuk-!-margin-bottom-1', f.message))
    if (f.suggestions && f.suggestions.length) {
      box.appendChild(el('p', 'govuk-body-s govuk-!-margin-bottom-1', 'Try: ' + f.suggestions.map(function (s) { return '“' + s + '”' }).join(', ')))
    }
    if (f.why) {
      var d = el('details', 'govuk-details govuk-!-margin-bottom-2')
      var sum = el('summary', 'govuk-details__summary')
      sum.appendChild(el('span', 'govuk-details__summary-text', 'Why this matters'))
      d.appendChild(sum)
      d.appendChild(el('div', 'govuk-details__text', f.why))
      box.appendChild(d)
    }
    if (f.dismissed) {
      box.appendChild(el('p', 'govuk-body-s', 'Dismissed by ' + f.dismissed.by + ': “' + f.dismissed.reason + '”'))
    } else if (f.level !== 'error') {
      box.appendChild(dismiss(f))
    }
    return box
  }

  // context is the finding's sentence from the field as typed, with its
  // words marked.
  function context (f) {
    var field = form.querySelector('[name="' + f.field + '"]')
    if (!field || f.end <= f.start) { return null }
    var text = new TextEncoder().encode(field.value)
    var dec = new TextDecoder()
    var before = dec.decode(text.slice(0, f.start))
    var words = dec.decode(text.slice(f.start, f.end))
    var after = dec.decode(text.slice(f.end))
    before = before.slice(Math.max(before.search(/[^.!?\n]*$/), before.length - 160))
    var stop = after.search(/[.!?\n]/)
    after = after.slice(0, stop < 0 ? Math.min(after.length, 160) : stop + 1)
    var p = el('p', 'govuk-body-s kith-finding__context')
    p.appendChild(document.createTextNode(before.replace(/^\s+/, '')))
    p.appendChild(el('mark', 'kith-mark', words))
    p.appendChild(document.createTextNode(after))
    return p
  }

  function dismiss (f) {
    var wrap = el('div', 'kith-dismiss')
    var group = el('div', 'govuk-form-group')
    var id = 'dismiss.' + f.key
    var label = el('label', 'govuk-label', 'If this does not apply, say why (to dismiss it)')
    label.htmlFor = id
    var hint = el('div', 'govuk-hint', 'A few words, kept with the record')
    hint.id = id + '-hint'
    var input = el('input', 'govuk-input govuk-!-width-two-thirds')
    input.id = id
    input.name = id
    input.type = 'text'
    input.setAttribute('aria-describedby', hint.id)
    group.appendChild(label)
    group.appendChild(hint)
    group.appendChild(input)
    var button = el('button', 'govuk-button govuk-button--secondary govuk-!-margin-bottom-2', 'Dismiss')
    button.type = 'submit'
    button.name = 'action'
    button.value = 'dismiss:' + f.key
    button.appendChild(el('span', 'govuk-visually-hidden', ' “' + f.message + '”'))
    wrap.appendChild(group)
    wrap.appendChild(button)
    return wrap
  }
})()

// A question asked only after one answer (why a child was not seen alone,
// after "No") is shown once that answer is chosen. GOV.UK Frontend's own
// conditional reveal marks the radio aria-expanded, which ARIA does not
// allow on a radio; this one only shows and hides. Without JavaScript the
// question is always shown (the hiding class applies only with
// govuk-frontend-supported, which the first script above sets).
;(function () {
  'use strict'
  var inputs = document.querySelectorAll('input[data-kith-reveals]')
  Array.prototype.forEach.call(inputs, function (input) {
    var target = document.getElementById(input.getAttribute('data-kith-reveals'))
    if (!target) {
      return
    }
    var sync = function () {
      target.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
    }
    var group = document.querySelectorAll('input[type="radio"][name="' + input.name.replace(/"/g, '\\"') + '"]')
    Array.prototype.forEach.call(group, function (other) {
      other.addEventListener('change', sync)
    })
    sync()
  })
})()

// Adding a redaction by selecting words: on a subject access bundle's
// page, words selected in the record's text are copied into "Words to
// redact" (without the numbers that mark other redactions), and a
// message says so. Without JavaScript the reviewer copies them by hand.
;(function () {
  'use strict'
  var text = document.querySelector('[data-sar-text]')
  var words = document.getElementById('words')
  if (!text || !words) {
    return
  }
  var status = document.createElement('p')
  status.className = 'govuk-body govuk-!-font-weight-bold'
  status.setAttribute('role', 'status')
  words.parentNode.insertBefore(status, words)
  var take = function () {
    var sel = window.getSelection()
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      return
    }
    var range = sel.getRangeAt(0)
    if (!text.contains(range.commonAncestorContainer)) {
      return
    }
    var copy = document.createElement('div')
    copy.appendChild(range.cloneContents())
    Array.prototype.forEach.call(copy.querySelectorAll('.kith-redact__n'), function (n) { n.remove() })
    var chosen = copy.textContent.trim()
    if (chosen === '') {
      return
    }
    words.value = chosen
    status.textContent = 'Selected words copied into “Words to redact”: choose why, then save.'
  }
  text.addEventListener('mouseup', take)
  text.addEventListener('keyup', take)
  text.addEventListener('touchend', take)
})()

// The whole file as a PDF: while one is being made, its progress is
// looked up every few seconds and written in place (a status region says
// it to a screen reader), and the page is shown again once it is ready.
// Without JavaScript, "Check again" does the same.
;(function () {
  'use strict'
  var cells = document.querySelectorAll('[data-case-file-status]')
  if (cells.length === 0 || !window.fetch) {
    return
  }
  Array.prototype.forEach.call(cells, function (cell) {
    var words = cell.querySelector('[data-progress]')
    if (words) {
      words.setAttribute('role', 'status')
    }
    var look = function () {
      fetch(cell.getAttribute('data-case-file-status'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json() })
        .then(function (s) {
          if (s.state === 'ready' || s.state === 'failed') {
            window.location.reload()
            return
          }
          if (words && s.progress) {
            words.textContent = s.progress
          }
          window.setTimeout(look, 3000)
        })
        .catch(function () { window.setTimeout(look, 10000) })
    }
    window.setTimeout(look, 2000)
  })
})()
