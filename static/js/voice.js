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

  function stop() {
    if (!playing) return;
    var p = playing;
    playing = null;
    p.stop();
    p.button.setAttribute('aria-pressed', 'false');
    p.button.textContent = p.label;
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
        u.voice = voice;
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
  function button(chunks, lang, label, stopLabel) {
    var voice = voiceFor(lang);
    var readable = chunks.filter(function (c) { return c.audio || (voice && c.text); });
    if (!readable.length) return null;
    var b = h('button', {
      type: 'button', className: 'listen', 'aria-pressed': 'false', 'data-voice': voice ? 'synth' : 'audio',
      onclick: function () {
        if (playing && playing.button === b) { stop(); return; }
        stop();
        b.setAttribute('aria-pressed', 'true');
        b.textContent = stopLabel;
        playing = { button: b, label: label, stop: read(readable, lang, voice, stop) };
      }
    }, label);
    return b;
  }

  window.vfv.voice = {
    button: button,
    stop: stop,
    // onChange registers f to run when the browser's voices change.
    onChange: function (f) { listeners.push(f); }
  };
})();
