#include "numeric/numeric.hpp"

#include <cmath>

namespace numeric {

State oscillator_step(State s, double omega, double dt) {
  auto acceleration = [omega](double x) { return -omega * omega * x; };
  double k1x = s.velocity, k1v = acceleration(s.position);
  double k2x = s.velocity + 0.5 * dt * k1v, k2v = acceleration(s.position + 0.5 * dt * k1x);
  double k3x = s.velocity + 0.5 * dt * k2v, k3v = acceleration(s.position + 0.5 * dt * k2x);
  double k4x = s.velocity + dt * k3v, k4v = acceleration(s.position + dt * k3x);
  return {s.position + dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x),
          s.velocity + dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)};
}

std::vector<State> oscillator(State start, double omega, double dt, int steps) {
  std::vector<State> path{start};
  for (int i = 0; i < steps; ++i)
    path.push_back(oscillator_step(path.back(), omega, dt));
  return path;
}

double decay(double y0, double rate, double t, int steps) {
  double y = y0, dt = t / steps;
  for (int i = 0; i < steps; ++i)
    y += dt * (-rate * y);
  return y;
}

double logistic(double r, double x0, int steps) {
  double x = x0;
  for (int i = 0; i < steps; ++i)
    x = r * x * (1 - x);
  return x;
}

std::pair<double, double> lotka_volterra(double prey, double predators, double dt, int steps) {
  const double a = 1.1, b = 0.4, c = 0.4, d = 0.1;
  for (int i = 0; i < steps; ++i) {
    double dx = a * prey - b * prey * predators, dy = d * prey * predators - c * predators;
    prey += dt * dx;
    predators += dt * dy;
  }
  return {prey, predators};
}
} // namespace numeric
