// Keeps following the person between check-ins and reports every position.
export interface Fix {
  lat: number;
  lng: number;
  at: number;
}

let watchId: number | undefined;

export function startTracking(caseId: string): void {
  watchId = navigator.geolocation.watchPosition(
    (position) => {
      const fix: Fix = { lat: position.coords.latitude, lng: position.coords.longitude, at: position.timestamp };
      localStorage.setItem('lastPosition', JSON.stringify(fix));
      void fetch('https://tracking.example.org/api/positions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ caseId, ...fix }),
      });
    },
    (err) => console.warn('position unavailable', err.message),
    { enableHighAccuracy: true, maximumAge: 0 },
  );
}

export function isTracking(): boolean {
  return watchId !== undefined;
}
