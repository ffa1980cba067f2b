/** fhir-react as a hospital would use it: React + ReactDOM + fhir-react's own styles, one <FhirResource> per Observation. */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { FhirResource, fhirVersions } from 'fhir-react';
import 'fhir-react/build/style.css';

export function renderObservations(container, observations) {
  const root = createRoot(container);
  root.render(
    React.createElement(
      'div',
      { className: 'fhir-list' },
      observations.map((resource, i) => React.createElement('div', { key: resource.id, 'data-i': i }, React.createElement(FhirResource, { fhirResource: resource, fhirVersion: fhirVersions.R4 }))),
    ),
  );
  return root;
}
