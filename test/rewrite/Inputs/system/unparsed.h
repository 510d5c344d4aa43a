#pragma once
// A function template whose body is an error once instantiated: a parse that instantiates
// system headers' bodies fails on it; one that skips them, as the rewrite does, does not.
template <class T> int unparsed(T value) { return T::no_such_member + value; }
