/* vfv respondent: "Lyssna", reading a screen aloud for those who read
 * little. A text with a recording (the survey names a file) plays it;
 * another is spoken by the browser's speech synthesis when it has a voice
 * for the language. With neither, the screen has no button: a button that
 * reads nothing would only confuse. Nothing is sent anywhere. */
(function () {
  'use strict';

  var h = window.vfv.dom.h;
  var synth = window.speechSynthesis || null;
  var player = null; // the one <audio> element, kept in the page
  var playing = null; // { button, stop } while reading
  var listeners = [];

  // voiceFor returns a speech synthesis voice for lang, or null.
  function voiceFor(lang) {
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return null;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (String(voices[i].lang || '').toLowerCase().split(/[-_]/)[0] === lang) return voices[i];
    }
    return null;
  }

  // Voices arrive after the page has loaded in some browsers: tell the
  // screens, which then show the button.
  if (synth && synth.addEventListener) {
    synth.addEventListener('voiceschanged', function () { listeners.forEach(function (f) { f(); }); });
  }

  // icon is a loudspeaker drawn inline (an emoji may be missing from the
  // tablet's fonts); the button's text names it.
  function icon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'listen-icon');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M3 9h4l5-4v14l-5-4H3z M16 8.5a5 5 0 0 1 0 7 M18.5 6a8.5 8.5 0 0 1 0 12');
    svg.append(path);
    return svg;
  }

  function label(b, text) {
    b.replaceChildren(icon(), h('span', null, text));
  }

  function stop() {
    if (!playing) return;
    var p = playing;
    playing = null;
    p.stop();
    p.button.setAttribute('aria-pressed', 'false');
    label(p.button, p.label);
  }

  function audioEl() {
    if (!player) {
      player = h('audio', { id: 'vfv-audio', preload: 'none' });
      player.hidden = true;
      document.body.append(player);
    }
    return player;
  }

  // read plays the chunks one after the other: a recording where a chunk
  // has one, else speech in lang; done is called at the end.
  function read(chunks, lang, voice, done) {
    var i = 0, stopped = false;
    function next() {
      if (stopped) return;
      if (i >= chunks.length) { done(); return; }
      var c = chunks[i++];
      if (c.audio) {
        var a = audioEl();
        a.onended = next;
        a.onerror = next;
        a.src = c.audio;
        var pr = a.play();
        if (pr && pr.catch) pr.catch(function () { /* no sound: go on */ });
      } else if (voice && c.text) {
        var u = new window.SpeechSynthesisUtterance(c.text);
        u.lang = lang;
        try { u.voice = voice; } catch (e) { /* the language alone picks one */ }
        u.onend = next;
        u.onerror = next;
        synth.speak(u);
      } else {
        next();
      }
    }
    next();
    return function () {
      stopped = true;
      if (player) { player.pause(); player.removeAttribute('src'); }
      if (synth) synth.cancel();
    };
  }

  // button returns the "Lyssna" button for chunks ({text, audio}) in
  // lang, or null when nothing of them can be read aloud.
  function button(chunks, lang, text, stopLabel) {
    var voice = voiceFor(lang);
    var readable = chunks.filter(function (c) { return c.audio || (voice && c.text); });
    if (!readable.length) return null;
    var b = h('button', {
      type: 'button', className: 'listen', 'aria-pressed': 'false', 'data-voice': voice ? 'synth' : 'audio',
      onclick: function () {
        if (playing && playing.button === b) { stop(); return; }
        stop();
        b.setAttribute('aria-pressed', 'true');
        label(b, stopLabel);
        playing = { button: b, label: text, stop: read(readable, lang, voice, stop) };
      }
    });
    label(b, text);
    return b;
  }

  window.vfv.voice = {
    button: button,
    stop: stop,
    // onChange registers f to run when the browser's voices change.
    onChange: function (f) { listeners.push(f); }
  };
})();
