#!/usr/bin/env node
console.log('seccomp-learner');
