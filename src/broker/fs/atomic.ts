// The broker's state files use the one atomic writer every part of tkafka shares.
export { writeFileAtomic } from '../../shared/atomic-file.js';
