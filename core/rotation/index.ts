/**
 * What other capabilities may ask of rotation besides its model and ports: the rotation lock, the token of a
 * rotation, and the custody tasks of a login changed by hand.
 */
export { awaitCustodian, custodyTaskIdOf, reassignCustody } from './custody.ts';
export { lockRotation, rotationTokenOf } from './rotation.ts';
