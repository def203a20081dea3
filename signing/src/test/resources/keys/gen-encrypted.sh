#!/usr/bin/env bash
# Writes the passphrase-protected test key (run once; the files are committed): a P-256 key encrypted the way
# `openssl pkcs8 -topk8 -v2 aes-256-cbc` does (PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC), passphrase
# "correct-horse", and its public half.
set -euo pipefail
cd "$(dirname "$0")"
openssl ecparam -name prime256v1 -genkey -noout \
  | openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:correct-horse -out encrypted.pem
openssl pkey -in encrypted.pem -passin pass:correct-horse -pubout -out encrypted-pub.pem
