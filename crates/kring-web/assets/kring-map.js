// Kring: progressive enhancement of the neighbourhood map on /wijk/{code}.
//
// The page carries an inline SVG map and a numbered list of venues whose items hold their
// WGS84 position in data-lat / data-lon (converted from Rijksdriehoek on the server). When
// Leaflet has loaded, this replaces the SVG by a Leaflet map with the same numbered markers,
// so people can zoom and pan. Map tiles are added only when the municipality configured a tile
// address (data-tiles on #kring-map-config); without it the markers stand on a plain
// background and the browser contacts no other server. The numbered list stays the text
// equivalent in both cases.
(function () {
  'use strict';

  function enhance() {
    var container = document.getElementById('kring-map');
    if (!container || typeof window.L === 'undefined') {
      return;
    }
    var L = window.L;
    var items = document.querySelectorAll('[data-map-number][data-lat][data-lon]');
    var points = [];
    for (var i = 0; i < items.length; i += 1) {
      var lat = parseFloat(items[i].getAttribute('data-lat'));
      var lon = parseFloat(items[i].getAttribute('data-lon'));
      if (isFinite(lat) && isFinite(lon)) {
        points.push({
          lat: lat,
          lon: lon,
          number: items[i].getAttribute('data-map-number'),
          name: items[i].getAttribute('data-map-name') || '',
        });
      }
    }
    if (points.length === 0) {
      return;
    }

    var canvas = document.createElement('div');
    canvas.className = 'kring-map__leaflet';
    canvas.setAttribute('role', 'region');
    canvas.setAttribute('aria-label', container.getAttribute('data-label') || '');
    var svgHolder = container.querySelector('.kring-map__canvas');
    container.insertBefore(canvas, svgHolder);
    svgHolder.hidden = true;

    var config = document.getElementById('kring-map-config');
    var tiles = (config && config.getAttribute('data-tiles')) || '';
    var map = L.map(canvas, {
      attributionControl: tiles !== '',
      scrollWheelZoom: false,
    });
    if (tiles !== '') {
      // Leaflet writes the attribution as HTML: escape it, so the setting is shown as the
      // text it is and can never add markup or script to a public page.
      var attribution = document.createElement('span');
      attribution.textContent = config.getAttribute('data-attribution') || '';
      L.tileLayer(tiles, {
        attribution: attribution.innerHTML,
        maxZoom: 19,
      }).addTo(map);
      if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
      }
    } else {
      container.classList.add('kring-map--plain');
    }

    var bounds = [];
    points.forEach(function (point) {
      var label = document.createElement('span');
      label.textContent = point.number;
      var marker = L.marker([point.lat, point.lon], {
        icon: L.divIcon({
          className: 'kring-map__marker',
          html: label.outerHTML,
          iconSize: [32, 32],
          iconAnchor: [16, 16],
        }),
        title: point.number + '. ' + point.name,
        alt: point.number + '. ' + point.name,
        keyboard: true,
      });
      var popup = document.createElement('p');
      popup.className = 'kring-map__popup';
      popup.textContent = point.number + '. ' + point.name;
      marker.bindPopup(popup);
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', enhance);
  } else {
    enhance();
  }
})();
