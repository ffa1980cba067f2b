/** @medplum/react as a hospital would use it: React + ReactDOM + Mantine + Medplum's ObservationTable, offline client. */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import '@mantine/core/styles.css';
import '@medplum/react/styles.css';
import { MedplumClient } from '@medplum/core';
import { MedplumProvider, ObservationTable } from '@medplum/react';

export function renderObservations(container, observations) {
  // Offline: every request the client might make is answered locally with an empty bundle.
  const medplum = new MedplumClient({
    baseUrl: `${location.origin}/`,
    fetch: async () => new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] }), { status: 200, headers: { 'content-type': 'application/fhir+json' } }),
  });
  const root = createRoot(container);
  root.render(
    React.createElement(MantineProvider, null, React.createElement(MedplumProvider, { medplum }, React.createElement(ObservationTable, { value: observations }))),
  );
  return root;
}
