import { MemoryRegistryStore } from '../../adapters/memory/registry-store.ts';
import { storeContract } from '../support/store-contract.ts';

/** The memory store keeps the contract the DynamoDB store keeps (tests/local/registry-store.test.ts runs it there). */
storeContract('memory', async (now) => ({ store: new MemoryRegistryStore({ now }) }));
